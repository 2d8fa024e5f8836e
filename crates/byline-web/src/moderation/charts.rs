//! Charts drawn on the server as SVG, so figures need no script to show.
//!
//! A [`ChartSpec`] and a series of [`Point`]s become a [`Chart`]: the
//! geometry worked out here, in SVG user units, and the words (title,
//! summary, axis labels, a table of every figure) for the `_chart.html`
//! template, which escapes all of it like any other text. Nothing here
//! writes markup, so no text can escape the template's escaping. The chart
//! is one image to assistive technology, named by its title and described
//! by its summary; the table beside it holds the figures themselves.

use crate::i18n::Locale;

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A bar per point, from zero.
    Bars,
    /// A line through the points, broken where a point has no value.
    Line,
}

/// What the values measure: how the axis is divided and figures written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Whole things: comments, decisions.
    Count,
    /// A length of time in seconds, written in words ("2 h 5 min").
    Seconds,
    /// A percentage, on an axis from 0 to 100.
    Percent,
}

impl Scale {
    /// A figure as the axis and the table write it, in `i18n`'s words and
    /// digits.
    pub fn format(self, value: i64, i18n: &Locale) -> String {
        match self {
            Self::Count => i18n.number(value),
            Self::Seconds => human_duration(value, i18n),
            Self::Percent => i18n.numbers("chart-percent", &[("n", value)]),
        }
    }

    /// The gap between the axis' gridlines: the smallest round step that
    /// reaches `max` in at most four steps.
    fn step(self, max: i64) -> i64 {
        /// Round lengths of time, in seconds, up to a day; beyond it, days.
        const TIME_STEPS: [i64; 18] =
            [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
        let fits = |step: &i64| step.saturating_mul(4) >= max;
        match self {
            Self::Percent => 25,
            Self::Seconds if max <= 4 * 86_400 => TIME_STEPS.into_iter().find(fits).unwrap_or(86_400),
            Self::Seconds => 86_400 * Self::Count.step(steps_to(max, 86_400)),
            Self::Count => {
                let mut magnitude: i64 = 1;
                loop {
                    if let Some(step) = [1, 2, 5].map(|m| magnitude.saturating_mul(m)).into_iter().find(fits) {
                        return step;
                    }
                    magnitude = magnitude.saturating_mul(10);
                }
            }
        }
    }

    /// The top of the axis for a largest value of `max`: a whole number of
    /// steps, and never zero, so nothing is divided by it.
    fn top(self, max: i64) -> (i64, i64) {
        if self == Self::Percent {
            return (100, 25);
        }
        let max = max.max(1);
        let step = self.step(max);
        (step * steps_to(max, step), step)
    }
}

/// How many steps of `step` (positive) it takes to reach `value`.
fn steps_to(value: i64, step: i64) -> i64 {
    (value.max(0) + step - 1) / step
}

/// A length of time in words, to the two largest units that matter:
/// `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`. Negative lengths read as zero.
pub fn human_duration(seconds: i64, i18n: &Locale) -> String {
    let seconds = seconds.max(0);
    let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => i18n.numbers("dur-seconds", &[("n", seconds)]),
        (0, 0, m) => i18n.numbers("dur-minutes", &[("m", m)]),
        (0, h, 0) => i18n.numbers("dur-hours", &[("h", h)]),
        (0, h, m) => i18n.numbers("dur-hours-minutes", &[("h", h), ("m", m)]),
        (d, 0, _) => i18n.numbers("dur-days", &[("d", d)]),
        (d, h, _) => i18n.numbers("dur-days-hours", &[("d", d), ("h", h)]),
    }
}

/// What a chart shows and how; the points come separately.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    /// Unique on the page: the SVG's title and summary are found by it.
    pub id: &'static str,
    pub title: String,
    /// One or two sentences with what the chart shows and its main
    /// figures: what a screen reader says for the image.
    pub summary: String,
    /// What a point is, heading the table's first column ("Hour (UTC)").
    pub period: String,
    /// What a value is, heading the table's second column and the axis.
    pub measure: String,
    pub shape: Shape,
    pub scale: Scale,
    /// The table's words for a point without a value ("no decisions").
    pub missing: String,
    /// When set, the table leaves out points whose value is zero and says
    /// so in these words; for long series that are mostly quiet.
    pub zero_rows_note: Option<String>,
}

/// One point of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The point's period in the table ("2026-11-26 09:00").
    pub label: String,
    /// `None` where there is nothing to measure, which differs from zero.
    pub value: Option<i64>,
    /// A label under the axis at this point, on a few points only.
    pub tick: Option<String>,
    /// The table's words for the value, when the bare figure would say
    /// less ("2 of 3 approved").
    pub detail: Option<String>,
}

/// The drawing area, in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    /// Where the plot starts, after the value labels.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    /// The zero line.
    pub baseline: f64,
}

const FRAME: Frame = Frame { width: 640.0, height: 220.0, left: 72.0, right: 632.0, top: 20.0, baseline: 196.0 };

impl Frame {
    fn plot_width(&self) -> f64 {
        self.right - self.left
    }

    fn plot_height(&self) -> f64 {
        self.baseline - self.top
    }

    /// Where the label under the axis sits.
    pub fn tick_row(&self) -> f64 {
        self.baseline + 16.0
    }

    /// Where the measure's name sits, above the value labels.
    pub fn unit_row(&self) -> f64 {
        self.top - 8.0
    }

    pub fn centre(&self) -> (f64, f64) {
        (round(self.left + self.plot_width() / 2.0), round(self.top + self.plot_height() / 2.0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A labelled place on an axis: a height for values, across for periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// A line of the chart's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value: String,
}

/// A chart ready for `_chart.html`.
#[derive(Debug, Clone)]
pub struct Chart {
    pub spec: ChartSpec,
    pub frame: Frame,
    pub bars: Vec<Bar>,
    /// Each unbroken run of a line, as an SVG `points` list.
    pub lines: Vec<String>,
    pub value_ticks: Vec<Tick>,
    pub period_ticks: Vec<Tick>,
    pub rows: Vec<Row>,
    /// No point has a value: the chart says "No data" instead.
    pub empty: bool,
    /// The page's words for "No data", and for the table's summary.
    pub no_data: String,
    pub in_figures: String,
}

/// Rounds to a tenth of a unit: finer than a screen shows, and short.
fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

impl ChartSpec {
    /// Works out the chart for `points`, in order along the axis.
    pub fn draw(self, points: &[Point], i18n: &Locale) -> Chart {
        let frame = FRAME;
        let empty = points.iter().all(|p| p.value.is_none());
        let max = points.iter().filter_map(|p| p.value).max().unwrap_or(0);
        let (top, step) = self.scale.top(max);
        let slot = frame.plot_width() / points.len().max(1) as f64;
        let height_of = |value: i64| frame.plot_height() * value.clamp(0, top) as f64 / top as f64;
        let centre_of = |i: usize| frame.left + slot * (i as f64 + 0.5);

        let mut bars = Vec::new();
        let mut lines = Vec::new();
        match self.shape {
            Shape::Bars => {
                // Narrow slots (hours over a month) touch; wide ones keep a gap.
                let width = if slot >= 4.0 { slot * 0.8 } else { slot };
                for (i, value) in points.iter().enumerate().filter_map(|(i, p)| p.value.map(|v| (i, v))) {
                    let height = height_of(value);
                    bars.push(Bar {
                        x: round(centre_of(i) - width / 2.0),
                        y: round(frame.baseline - height),
                        width: round(width),
                        height: round(height),
                    });
                }
            }
            Shape::Line => {
                let mut run: Vec<String> = Vec::new();
                for (i, point) in points.iter().enumerate() {
                    match point.value {
                        Some(value) => {
                            run.push(format!("{},{}", round(centre_of(i)), round(frame.baseline - height_of(value))))
                        }
                        None if run.is_empty() => {}
                        None => lines.push(std::mem::take(&mut run).join(" ")),
                    }
                }
                if !run.is_empty() {
                    lines.push(run.join(" "));
                }
            }
        }

        let value_ticks = if empty {
            Vec::new()
        } else {
            (0..=top / step)
                .map(|n| Tick {
                    at: round(frame.baseline - height_of(n * step)),
                    label: self.scale.format(n * step, i18n),
                })
                .collect()
        };
        let period_ticks = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.tick.as_ref().map(|label| Tick { at: round(centre_of(i)), label: label.clone() }))
            .collect();
        let rows = points
            .iter()
            .filter(|p| self.zero_rows_note.is_none() || p.value != Some(0))
            .map(|p| Row {
                label: p.label.clone(),
                value: match (&p.detail, p.value) {
                    (Some(detail), _) => detail.clone(),
                    (None, Some(value)) => self.scale.format(value, i18n),
                    (None, None) => self.missing.clone(),
                },
            })
            .collect();
        let no_data = i18n.t("chart-no-data");
        let in_figures = i18n.with("chart-in-figures", &[("title", &self.title)]);
        Chart { spec: self, frame, bars, lines, value_ticks, period_ticks, rows, empty, no_data, in_figures }
    }
}

#[cfg(test)]
mod tests {
    use askama::Template;
    use scraper::{Html, Selector};

    use super::*;

    /// One chart on its own, as the page includes it.
    #[derive(Template)]
    #[template(path = "moderation/_chart.html")]
    struct ChartFragment<'a> {
        chart: &'a Chart,
    }

    fn spec(shape: Shape, scale: Scale) -> ChartSpec {
        ChartSpec {
            id: "test",
            title: "Comments per hour".to_owned(),
            summary: "Twelve in all.".to_owned(),
            period: "Hour (UTC)".into(),
            measure: "Comments".into(),
            shape,
            scale,
            missing: "nothing to measure".into(),
            zero_rows_note: None,
        }
    }

    fn points(values: &[Option<i64>]) -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Point { label: format!("p{i}"), value, tick: None, detail: None })
            .collect()
    }

    fn render(chart: &Chart) -> Html {
        Html::parse_fragment(&ChartFragment { chart }.render().unwrap())
    }

    fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        html.select(&Selector::parse(css).unwrap()).collect()
    }

    fn number(element: &scraper::ElementRef<'_>, name: &str) -> f64 {
        element.value().attr(name).unwrap().parse().unwrap()
    }

    #[test]
    fn bars_are_as_tall_as_their_values() {
        let chart = spec(Shape::Bars, Scale::Count)
            .draw(&points(&[Some(2), Some(8), Some(0), None, Some(4)]), Locale::english());
        let html = render(&chart);
        let bars = select(&html, "svg rect.chart-bar");
        assert_eq!(bars.len(), 4, "no bar where there is no value");
        let heights: Vec<f64> = bars.iter().map(|b| number(b, "height")).collect();
        // 8 reaches the top of an axis of 0 to 8 in steps of 2.
        let full = FRAME.baseline - FRAME.top;
        assert_eq!(heights, [full / 4.0, full, 0.0, full / 2.0]);
        for bar in &bars {
            let bottom = number(bar, "y") + number(bar, "height");
            assert!((bottom - FRAME.baseline).abs() < 0.11, "every bar stands on the baseline");
        }
        let labels: Vec<String> = chart.value_ticks.iter().map(|t| t.label.clone()).collect();
        assert_eq!(labels, ["0", "2", "4", "6", "8"]);
        assert_eq!(chart.rows[3], Row { label: "p3".into(), value: "nothing to measure".into() });
    }

    #[test]
    fn the_svg_is_one_named_and_described_image_with_its_figures_in_a_table() {
        let chart = spec(Shape::Bars, Scale::Count).draw(&points(&[Some(1), Some(3)]), Locale::english());
        let html = render(&chart);
        let svg = select(&html, "svg[role=img]");
        assert_eq!(svg.len(), 1);
        assert_eq!(svg[0].value().attr("aria-labelledby"), Some("test-title"));
        assert_eq!(svg[0].value().attr("aria-describedby"), Some("test-desc"));
        let title = select(&html, "svg > title#test-title");
        assert_eq!(title[0].text().collect::<String>(), "Comments per hour");
        assert_eq!(select(&html, "svg > desc#test-desc")[0].text().collect::<String>(), "Twelve in all.");
        let cells: Vec<String> =
            select(&html, "details table tbody tr > *").iter().map(|c| c.text().collect()).collect();
        assert_eq!(cells, ["p0", "1", "p1", "3"]);
        assert_eq!(select(&html, "details table th[scope=col]").len(), 2);
    }

    #[test]
    fn text_in_a_chart_is_escaped() {
        let mut spec = spec(Shape::Bars, Scale::Count);
        spec.title = "<script>alert(1)</script>".to_owned();
        spec.summary = "a \"quoted\" & <b>bold</b> summary".to_owned();
        let mut points = points(&[Some(1)]);
        points[0].label = "<img src=x onerror=alert(1)>".to_owned();
        points[0].tick = Some("</text><script>".to_owned());
        let chart = spec.draw(&points, Locale::english());
        let markup = ChartFragment { chart: &chart }.render().unwrap();
        assert!(!markup.contains("<script") && !markup.contains("<img") && !markup.contains("<b>"), "{markup}");
        assert!(markup.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{markup}");
        let html = Html::parse_fragment(&markup);
        assert_eq!(select(&html, "svg > title")[0].text().collect::<String>(), "<script>alert(1)</script>");
        assert!(select(&html, "script, img, b").is_empty());
    }

    #[test]
    fn a_series_without_values_says_no_data() {
        for values in [vec![], vec![None, None]] {
            let chart = spec(Shape::Bars, Scale::Count).draw(&points(&values), Locale::english());
            assert!(chart.empty && chart.bars.is_empty() && chart.value_ticks.is_empty());
            let html = render(&chart);
            assert_eq!(select(&html, "svg text.chart-empty")[0].text().collect::<String>(), "No data");
            let markup = ChartFragment { chart: &chart }.render().unwrap();
            assert!(!markup.contains("NaN") && !markup.contains("\"inf"), "{markup}");
        }
        // All zeros are figures, on an axis from 0 to 1.
        let zeros = spec(Shape::Line, Scale::Count).draw(&points(&[Some(0), Some(0)]), Locale::english());
        assert!(!zeros.empty);
        assert_eq!(zeros.lines, [format!("{},{b} {},{b}", 352.0 - 140.0, 352.0 + 140.0, b = FRAME.baseline)]);
    }

    #[test]
    fn a_line_breaks_where_a_value_is_missing() {
        let chart =
            spec(Shape::Line, Scale::Count).draw(&points(&[Some(1), Some(2), None, Some(2), None]), Locale::english());
        assert_eq!(chart.lines.len(), 2);
        assert_eq!(chart.lines[0].split(' ').count(), 2);
        assert_eq!(chart.lines[1].split(' ').count(), 1);
        let html = render(&chart);
        assert_eq!(select(&html, "svg polyline.chart-line").len(), 2);
    }

    #[test]
    fn quiet_rows_can_be_left_out_of_the_table() {
        let mut spec = spec(Shape::Bars, Scale::Count);
        spec.zero_rows_note = Some("Hours without comments are left out.".into());
        let chart = spec.draw(&points(&[Some(0), Some(5), Some(0), None]), Locale::english());
        let labels: Vec<&str> = chart.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["p1", "p3"]);
        assert!(render(&chart).html().contains("Hours without comments are left out."));
    }

    #[test]
    fn axes_climb_in_round_steps() {
        let tops = |scale: Scale, maxes: &[i64]| -> Vec<(i64, i64)> { maxes.iter().map(|&m| scale.top(m)).collect() };
        assert_eq!(
            tops(Scale::Count, &[0, 1, 3, 7, 37, 1234]),
            [(1, 1), (1, 1), (3, 1), (8, 2), (40, 10), (1500, 500)]
        );
        assert_eq!(tops(Scale::Percent, &[0, 40, 100]), [(100, 25); 3]);
        // 50 minutes: quarter hours; two days: half days; a fortnight: 5 days.
        assert_eq!(
            tops(Scale::Seconds, &[3000, 2 * 86_400, 14 * 86_400]),
            [(3600, 900), (2 * 86_400, 43_200), (15 * 86_400, 5 * 86_400)]
        );
    }

    #[test]
    fn durations_read_in_the_two_largest_units() {
        let words: Vec<String> = [0, 45, 60, 12 * 60 + 59, 7200, 7500, 86_400, 3 * 86_400 + 4 * 3600 + 60, -5]
            .map(|s| human_duration(s, Locale::english()))
            .into();
        assert_eq!(words, ["0 s", "45 s", "1 min", "12 min", "2 h", "2 h 5 min", "1 d", "3 d 4 h", "0 s"]);
    }
}
