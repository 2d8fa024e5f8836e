//! Paints the two demonstration photographs shipped in
//! `crates/byline/demo/media/`: a harbour at dusk and terraced hills, made
//! from gradients, value noise and grain so that they compress like
//! photographs. Nothing is downloaded.
//!
//! cargo run --release -p byline-media --example demo_photos -- \
//!     [--size 2400x1600] harbour-at-dusk.jpg hill-terraces.jpg
//!
//! The demo ships them at `--size 1600x1067`: wide enough for a lead
//! photograph on a sharp screen, and quick to load into every test site.
#![expect(clippy::expect_used, reason = "an example should fail loudly")]

use std::fs::File;
use std::io::BufWriter;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};

type Rgb = [f32; 3];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let (mut width, mut height) = (2400, 1600);
    if args.first().map(String::as_str) == Some("--size") {
        let size = args.get(1).expect("--size WxH").clone();
        let (w, h) = size.split_once('x').expect("--size WxH");
        (width, height) = (w.parse().expect("width"), h.parse().expect("height"));
        args.drain(..2);
    }
    let [harbour_path, hills_path] = args.as_slice() else {
        eprintln!("usage: demo_photos [--size WxH] HARBOUR.jpg HILLS.jpg");
        std::process::exit(2);
    };
    write_jpeg(harbour_path, width, height, &paint(width, height, harbour));
    write_jpeg(hills_path, width, height, &paint(width, height, hills));
}

fn write_jpeg(path: &str, width: u32, height: u32, rgb: &[u8]) {
    let file = BufWriter::new(File::create(path).expect("create output"));
    JpegEncoder::new_with_quality(file, 85)
        .write_image(rgb, width, height, ExtendedColorType::Rgb8)
        .expect("encode JPEG");
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!("{path}: {width}×{height}, {} KB", size / 1024);
}

/// Calls `scene` with coordinates scaled to 0..aspect × 0..1 and adds grain.
fn paint(width: u32, height: u32, scene: fn(f32, f32, f32) -> Rgb) -> Vec<u8> {
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    let scale = 1.0 / height as f32;
    let aspect = width as f32 * scale;
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    for y in 0..height {
        for x in 0..width {
            let c = scene(x as f32 * scale, y as f32 * scale, aspect);
            let grain = (next_random(&mut seed) - 0.5) * 0.035;
            for ch in c {
                out.push(((ch + grain).clamp(0.0, 1.0).powf(1.0 / 2.2) * 255.0 + 0.5) as u8);
            }
        }
    }
    out
}

fn next_random(state: &mut u64) -> f32 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 40) as f32 / (1u64 << 24) as f32
}

fn hash(x: i32, y: i32) -> f32 {
    let mut h = (x as u32).wrapping_mul(0x27d4_eb2d) ^ (y as u32).wrapping_mul(0x1656_67b1);
    h = (h ^ (h >> 15)).wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    (h & 0xFFFF) as f32 / 65535.0
}

fn value_noise(x: f32, y: f32) -> f32 {
    let (xi, yi) = (x.floor() as i32, y.floor() as i32);
    let (fx, fy) = (x - x.floor(), y - y.floor());
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let top = lerp(hash(xi, yi), hash(xi + 1, yi), sx);
    let bottom = lerp(hash(xi, yi + 1), hash(xi + 1, yi + 1), sx);
    lerp(top, bottom, sy)
}

fn fbm(x: f32, y: f32, octaves: u32) -> f32 {
    let (mut sum, mut amp, mut freq, mut norm) = (0.0, 0.5, 1.0, 0.0);
    for _ in 0..octaves {
        sum += amp * value_noise(x * freq, y * freq);
        norm += amp;
        amp *= 0.5;
        freq *= 2.03;
    }
    sum / norm
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let t = t.clamp(0.0, 1.0);
    [lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)]
}

fn scale(c: Rgb, k: f32) -> Rgb {
    [c[0] * k, c[1] * k, c[2] * k]
}

fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

const HORIZON: f32 = 0.58;
const SUN: (f32, f32) = (0.95, 0.50);

/// Sky at dusk: deep blue overhead, orange at the horizon, a low sun with a
/// glow, and streaks of cloud lit from below.
fn dusk_sky(x: f32, y: f32) -> Rgb {
    let t = (y / HORIZON).clamp(0.0, 1.0);
    let mut c = mix([0.03, 0.05, 0.18], [0.45, 0.22, 0.30], smoothstep(0.0, 0.75, t));
    c = mix(c, [1.0, 0.55, 0.18], smoothstep(0.55, 1.0, t));
    let d = ((x - SUN.0).powi(2) + (y - SUN.1).powi(2) * 1.4).sqrt();
    let glow = (-d * 6.0).exp();
    c = mix(c, [1.0, 0.78, 0.45], glow * 0.8);
    if d < 0.035 {
        c = mix(c, [1.0, 0.93, 0.75], smoothstep(0.035, 0.028, d));
    }
    let cloud = fbm(x * 3.0, y * 14.0, 5);
    let band = smoothstep(0.55, 0.8, cloud) * smoothstep(0.08, 0.25, y) * smoothstep(0.52, 0.35, y);
    let lit = mix([0.25, 0.12, 0.20], [0.95, 0.45, 0.30], t + glow);
    mix(c, lit, band * 0.85)
}

fn hill_line(x: f32) -> f32 {
    HORIZON - 0.03 - 0.09 * fbm(x * 2.2, 3.7, 6) * smoothstep(1.1, 0.2, x)
}

fn harbour(x: f32, y: f32, aspect: f32) -> Rgb {
    // The breakwater and its posts, silhouetted.
    let pier_top = HORIZON + 0.07;
    if x > aspect * 0.52 && (pier_top..pier_top + 0.025).contains(&y) {
        return scale([0.05, 0.04, 0.06], 0.8 + 0.4 * value_noise(x * 400.0, y * 400.0));
    }
    let post = ((x * 60.0).fract() < 0.12) && x > aspect * 0.55;
    if post && (pier_top - 0.05..pier_top).contains(&y) {
        return [0.04, 0.03, 0.05];
    }
    // A moored boat: hull and mast.
    let (bx, by) = (0.55, HORIZON + 0.16);
    if (bx - 0.12..bx + 0.12).contains(&x) && (by - 0.03..by).contains(&y) && (y - by + 0.03) > (x - bx).abs() * 0.12 {
        return scale([0.10, 0.06, 0.05], 0.7 + 0.3 * value_noise(x * 300.0, y * 90.0));
    }
    if (bx - 0.003..bx + 0.003).contains(&x) && (by - 0.28..by - 0.03).contains(&y) {
        return [0.06, 0.05, 0.06];
    }
    if y < HORIZON {
        if y > hill_line(x) {
            let lights = hash((x * 300.0) as i32, (y * 300.0) as i32);
            let town = if lights > 0.992 && y > HORIZON - 0.03 { [1.0, 0.8, 0.45] } else { [0.07, 0.06, 0.10] };
            return mix(town, dusk_sky(x, y), 0.15);
        }
        return dusk_sky(x, y);
    }
    // Water: the sky mirrored, broken into ripples that grow nearer.
    let depth = (y - HORIZON) / (1.0 - HORIZON);
    let ripple = fbm(x * (8.0 + 30.0 * (1.0 - depth)), y * 160.0 / (0.3 + depth), 4) - 0.5;
    let my = (2.0 * HORIZON - y - ripple * 0.05 * (0.2 + depth)).clamp(0.0, HORIZON - 0.001);
    let mut c = scale(dusk_sky(x + ripple * 0.02, my), 0.72 - 0.25 * depth);
    if y < HORIZON + 0.01 {
        c = mix(c, [0.06, 0.05, 0.09], 0.6);
    }
    let streak = (-(x - SUN.0).abs() * (18.0 + 30.0 * (1.0 - depth))).exp();
    let sparkle = smoothstep(0.55, 0.75, value_noise(x * 90.0, y * 700.0));
    mix(c, [1.0, 0.72, 0.38], streak * sparkle * 0.9)
}

fn hills(x: f32, y: f32, aspect: f32) -> Rgb {
    let _ = aspect;
    // Three ranges of hills, nearer ones lower on the frame and greener.
    let ridges = [
        (0.40, 0.10, 1.6, [0.42, 0.50, 0.60]),
        (0.52, 0.14, 2.4, [0.22, 0.34, 0.22]),
        (0.66, 0.18, 3.1, [0.20, 0.36, 0.12]),
    ];
    let mut colour = None;
    for (i, &(base, amp, freq, tint)) in ridges.iter().enumerate().rev() {
        let top = base - amp * fbm(x * freq + i as f32 * 7.0, i as f32 * 3.3, 6);
        if y > top {
            let into = (y - top) / (1.0 - top);
            colour = Some((i, top, into, tint));
            break;
        }
    }
    let Some((range, top, into, tint)) = colour else {
        // Sky: pale at the horizon, with soft cumulus.
        let t = y / 0.5;
        let sky = mix([0.20, 0.40, 0.80], [0.75, 0.85, 0.95], t);
        let cloud = smoothstep(0.5, 0.75, fbm(x * 2.5, y * 6.0, 6));
        return mix(sky, [0.97, 0.97, 0.98], cloud * (1.0 - 0.5 * t));
    };
    let haze = [0.70, 0.78, 0.88];
    let distance = [0.55, 0.3, 0.0][range];
    if range == 0 {
        return mix(scale(tint, 0.8 + 0.3 * fbm(x * 30.0, y * 30.0, 3)), haze, distance);
    }
    // Terraces: contour stripes that follow the slope, each a field with
    // its own crop colour, separated by darker walls and dotted with trees.
    let h = y - top + 0.03 * fbm(x * 4.0, y * 4.0, 3);
    let rows = 38.0 + 30.0 * range as f32;
    let stripe = h * rows;
    let field = hash(stripe.floor() as i32, (x * 5.0 + fbm(x, stripe.floor(), 2)) as i32 + range as i32 * 100);
    let crops = [[0.36, 0.52, 0.14], [0.55, 0.58, 0.22], [0.70, 0.62, 0.32], [0.28, 0.45, 0.18], [0.48, 0.40, 0.20]];
    let mut c = crops[((field * crops.len() as f32) as usize).min(crops.len() - 1)];
    c = mix(c, tint, 0.35);
    let wall = smoothstep(0.08, 0.0, stripe.fract()) + smoothstep(0.92, 1.0, stripe.fract());
    c = mix(c, [0.18, 0.16, 0.12], wall * 0.7);
    let texture = 0.82 + 0.36 * fbm(x * 260.0, y * 90.0, 3);
    c = scale(c, texture * (0.85 + 0.25 * into));
    let tree = smoothstep(0.8, 0.9, value_noise(x * 140.0, y * 140.0));
    c = mix(c, [0.08, 0.16, 0.06], tree);
    mix(c, haze, distance * (1.0 - into))
}
