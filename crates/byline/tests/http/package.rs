//! The Debian package, as an administrator meets it: `cargo deb` makes it
//! (from the binary these tests run), `dpkg -i` installs it, the installed
//! `byline` runs as the systemd unit would run it and answers over HTTP,
//! `dpkg --remove` keeps the site's data and `dpkg --purge` leaves nothing.
//!
//! It installs a system package, so it needs root, `dpkg` and `cargo deb`;
//! without them it is skipped, except with `CI=true`. It never touches a
//! `byline` package, or a /var/lib/byline or /etc/byline, it did not make.

use std::io::{BufRead, BufReader, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use figment::providers::{Format, Toml};

const UNIT: &str = "/usr/lib/systemd/system/byline.service";
const CONFIG: &str = "/etc/byline/byline.toml";
const STATE: &str = "/var/lib/byline";

fn packaging(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging").join(file)
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Why the test cannot run here, if it cannot.
fn missing() -> Option<String> {
    if !rustix::process::geteuid().is_root() {
        return Some("not root".to_owned());
    }
    for tool in ["dpkg", "dpkg-deb", "dpkg-query", "dpkg-statoverride", "setpriv"] {
        if Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_err() {
            return Some(format!("no {tool}"));
        }
    }
    let cargo_deb = Command::new(env!("CARGO")).args(["deb", "--version"]).output();
    if !cargo_deb.is_ok_and(|o| o.status.success()) {
        return Some("no cargo deb (cargo install cargo-deb --locked)".to_owned());
    }
    None
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap()
}

/// Runs and expects success; its standard output.
fn ok(program: &str, args: &[&str]) -> String {
    let output = run(program, args);
    assert!(
        output.status.success(),
        "{program} {args:?}: {}\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// dpkg's word for the package's state: `installed`, `config-files`, or
/// `not-installed` (also when dpkg has never heard of it).
fn package_state() -> String {
    let output = run("dpkg-query", &["--show", "--showformat=${db:Status-Status}", "byline"]);
    let state = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && !state.is_empty() { state } else { "not-installed".to_owned() }
}

fn user_exists() -> bool {
    run("getent", &["passwd", "byline"]).status.success()
}

/// Every path of the system that names the package: its own folders, and
/// what `deb-systemd-helper` keeps of the unit (links, masks, its state).
fn traces() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().contains("byline") {
                found.push(path.clone());
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&path, found);
            }
        }
    }
    let mut found = Vec::new();
    for path in ["/usr/bin/byline", UNIT, "/usr/share/doc/byline", "/etc/byline", STATE] {
        if std::fs::symlink_metadata(path).is_ok() {
            found.push(path.into());
        }
    }
    for dir in [
        "/etc/systemd/system",
        "/var/lib/systemd/deb-systemd-helper-enabled",
        "/var/lib/systemd/deb-systemd-helper-masked",
    ] {
        walk(Path::new(dir), &mut found);
    }
    found
}

/// One test at a time on this machine, whichever process runs it. The
/// file notes what the test has put on the machine, so that a run killed
/// before it could clean up is cleaned up by the next.
struct Lock {
    file: std::fs::File,
    path: PathBuf,
}

impl Lock {
    fn take() -> Self {
        let dir = Path::new("/run/lock");
        let dir = if dir.is_dir() { dir.to_owned() } else { std::env::temp_dir() };
        let path = dir.join("byline-package-test.lock");
        let file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).unwrap();
        file.lock().unwrap();
        Self { file, path }
    }

    fn notes(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap_or_default()
    }

    fn note(&mut self, text: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(text.as_bytes())?;
        self.file.sync_all()
    }
}

/// Puts the machine back as the test found it, which had nothing of
/// Byline: the package purged, whatever a faulty package left removed,
/// and the `byline` user too if the test made it.
fn clean_up(made_user: bool) {
    let _ = run("dpkg", &["--purge", "byline"]);
    if package_state() == "not-installed" {
        for path in traces() {
            let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
        }
        if run("dpkg-statoverride", &["--list", CONFIG]).status.success() {
            let _ = run("dpkg-statoverride", &["--remove", CONFIG]);
        }
    }
    if made_user {
        let _ = run("userdel", &["byline"]);
        let _ = run("groupdel", &["byline"]);
    }
}

/// The package installed by this test: purged when dropped, whatever
/// happened, and the machine put back as it was.
struct Installed {
    lock: Lock,
    made_user: bool,
}

impl Installed {
    fn install(mut lock: Lock, deb: &Path) -> Self {
        let made_user = !user_exists();
        lock.note(if made_user { "installed\nmade-user\n" } else { "installed\n" }).unwrap();
        let installed = Self { lock, made_user };
        ok("dpkg", &["--install", deb.to_str().unwrap()]);
        installed
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        clean_up(self.made_user);
        if package_state() == "not-installed" && traces().is_empty() {
            let _ = self.lock.note("");
        }
    }
}

/// The installed server; killed when dropped, if still running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `Key=value` settings of a unit file, in order.
fn unit_settings(unit: &str) -> Vec<(&str, &str)> {
    unit.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#') && !line.starts_with('['))
        .filter_map(|line| line.split_once('='))
        .collect()
}

fn setting<'a>(settings: &[(&str, &'a str)], key: &str) -> &'a str {
    settings.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or_else(|| panic!("the unit has no {key}="))
}

/// Files (not folders) in the package, with their modes and owners.
fn contents(deb: &Path) -> Vec<(String, String, String)> {
    ok("dpkg-deb", &["--contents", deb.to_str().unwrap()])
        .lines()
        .filter(|line| !line.starts_with('d'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields[5].trim_start_matches('.').to_owned(), fields[0].to_owned(), fields[1].to_owned())
        })
        .collect()
}

/// Makes the package as `cargo deb --no-build` does from a release build,
/// but from the binary these tests run (a release build would take
/// minutes): cargo-deb finds it where it looks, in `release/` of the
/// target folder it is given.
fn build_package(work: &Path) -> PathBuf {
    let release = work.join("target/release");
    std::fs::create_dir_all(&release).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_byline"), release.join("byline")).unwrap();
    let out = work.join("debian");
    let made = Command::new(env!("CARGO"))
        .args(["deb", "--manifest-path", concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")])
        // Stripped and lightly compressed: the unoptimised binary is large.
        .args(["--no-build", "--strip", "--fast", "--locked", "--offline", "--output"])
        .arg(&out)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .unwrap();
    assert!(made.status.success(), "cargo deb: {}", String::from_utf8_lossy(&made.stderr));
    let debs: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(debs.len(), 1, "{debs:?}");
    debs.into_iter().next().unwrap()
}

#[test]
fn the_debian_package_installs_serves_and_purges_cleanly() {
    if let Some(reason) = missing() {
        assert!(!ci(), "CI=true, but the package test cannot run: {reason}");
        eprintln!("skipped: {reason}");
        return;
    }
    let lock = Lock::take();
    let notes = lock.notes();
    if notes.lines().any(|l| l == "installed") {
        // A run of this test that was killed before it could clean up.
        clean_up(notes.lines().any(|l| l == "made-user"));
    }
    let others = traces();
    if package_state() != "not-installed" || !others.is_empty() {
        let reason = format!("byline is on this machine already ({}; {others:?})", package_state());
        assert!(!ci(), "{reason}");
        eprintln!("skipped: {reason}");
        return;
    }

    let work = tempfile::tempdir().unwrap();
    let deb = build_package(work.path());
    let deb_path = deb.to_str().unwrap();

    // What the package says of itself.
    let fields = ok("dpkg-deb", &["--field", deb_path, "Package", "Section", "Priority", "Depends"]);
    assert!(fields.contains("Package: byline\n"), "{fields}");
    assert!(fields.contains("Section: web\n"), "{fields}");
    assert!(fields.contains("Priority: optional\n"), "{fields}");
    let depends = fields.lines().find_map(|l| l.strip_prefix("Depends: ")).unwrap();
    // adduser for the postinst; libc6, as cargo-deb found the binary needs.
    assert!(depends.split(", ").any(|d| d == "adduser"), "{depends}");
    assert!(depends.split(", ").any(|d| d.starts_with("libc6 (>= ")), "{depends}");
    let description = ok("dpkg-deb", &["--field", deb_path, "Description"]);
    let mut lines = description.lines();
    assert!(lines.next().is_some_and(|synopsis| synopsis.len() < 80), "{description}");
    assert!(lines.next().is_some_and(|l| l.starts_with(" Byline publishes")), "{description}");
    assert_eq!(ok("dpkg-deb", &["--info", deb_path, "conffiles"]).trim(), CONFIG);
    for script in ["postinst", "postrm", "prerm"] {
        assert!(run("dpkg-deb", &["--info", deb_path, script]).status.success(), "no {script}");
    }
    let mut files = contents(&deb);
    files.sort();
    let root = |(path, mode, owner): &(String, String, String)| {
        assert!(owner == "0/0" || owner == "root/root", "{path} is {owner}'s");
        (path.clone(), mode.clone())
    };
    let files: Vec<(String, String)> = files.iter().map(root).collect();
    let expected = [
        (CONFIG, "-rw-r-----"),
        ("/usr/bin/byline", "-rwxr-xr-x"),
        (UNIT, "-rw-r--r--"),
        ("/usr/share/doc/byline/copyright", "-rw-r--r--"),
    ];
    assert_eq!(files, expected.map(|(p, m)| (p.to_owned(), m.to_owned())));

    let installed = Installed::install(lock, &deb);
    assert_eq!(package_state(), "installed");
    // Its files, its state folder, and deb-systemd-helper's note of what
    // enabling the unit would link; no link: the unit is not enabled.
    let dsh = "/var/lib/systemd/deb-systemd-helper-enabled/byline.service.dsh-also";
    let made = ["/usr/bin/byline", UNIT, "/usr/share/doc/byline", "/etc/byline", STATE, dsh];
    assert_eq!(traces(), made.map(PathBuf::from));
    // Every file as packaged (dpkg checks their digests).
    assert_eq!(ok("dpkg", &["--verify", "byline"]), "");
    assert_eq!(std::fs::read(UNIT).unwrap(), std::fs::read(packaging("byline.service")).unwrap());
    assert_eq!(std::fs::read(CONFIG).unwrap(), std::fs::read(packaging("byline.toml")).unwrap());
    let copyright = std::fs::read_to_string("/usr/share/doc/byline/copyright").unwrap();
    assert!(copyright.contains("License: AGPL-3.0-or-later"), "{copyright}");
    assert!(ok("/usr/bin/byline", &["--version"]).starts_with("byline "));

    // The user the unit names, and its state folder; the configuration is
    // readable by that user's group alone.
    let unit_text = std::fs::read_to_string(UNIT).unwrap();
    let unit = unit_settings(&unit_text);
    let (user, group) = (setting(&unit, "User"), setting(&unit, "Group"));
    let working_dir = setting(&unit, "WorkingDirectory");
    assert_eq!((user, group, working_dir), ("byline", "byline", STATE));
    // The unit lets the service write its state folder alone: everything
    // the packaged configuration has it write is there.
    assert_eq!(format!("/var/lib/{}", setting(&unit, "StateDirectory")), STATE);
    let config: serde_json::Value = figment::Figment::from(Toml::file(CONFIG)).extract().unwrap();
    for (section, key) in [("database", "url"), ("media", "dir"), ("mail", "outbox_dir"), ("backup", "dir")] {
        let path = config[section][key].as_str().unwrap_or_else(|| panic!("{CONFIG} sets no {section}.{key}"));
        assert!(path.starts_with(&format!("{STATE}/")), "{section}.{key} = {path}");
    }
    let account = ok("getent", &["passwd", user]);
    let account: Vec<&str> = account.trim().split(':').collect();
    assert!(account[2].parse::<u32>().unwrap() < 1000, "not a system user: {account:?}");
    assert_eq!(account[5], STATE, "{account:?}");
    assert!(account[6].ends_with("nologin"), "{account:?}");
    assert_eq!(ok("stat", &["--format=%U:%G %a", STATE]).trim(), "byline:byline 750");
    assert_eq!(ok("stat", &["--format=%U:%G %a", CONFIG]).trim(), "root:byline 640");
    assert!(ok("dpkg-statoverride", &["--list", CONFIG]).starts_with("root byline 640 "));

    // Run as the unit runs it (no systemd here): its ExecStart, as its
    // user, in its folder, with systemd's bare environment; the test's
    // port, and no drain (a load balancer's business).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let exec: Vec<&str> = setting(&unit, "ExecStart").split_whitespace().collect();
    assert_eq!(exec, ["/usr/bin/byline", "--config", CONFIG, "serve"]);
    let child = Command::new("setpriv")
        .args(["--reuid", user, "--regid", group, "--init-groups", "--no-new-privs", "--"])
        .args(&exec)
        .current_dir(working_dir)
        .env_clear()
        .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin")
        .env("HOME", STATE)
        .env("USER", user)
        .env("LOGNAME", user)
        .env("BYLINE_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("BYLINE_SERVER__DRAIN_SECS", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    // Ready when it says it is listening; its log, whatever it says.
    let stderr = server.0.stderr.take().unwrap();
    let (lines, log) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if lines.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let listening = format!("byline is listening on http://127.0.0.1:{port}/");
    let mut seen = Vec::new();
    // Generous, and only against a hang: the line comes or the process ends.
    while let Ok(line) = log.recv_timeout(std::time::Duration::from_secs(300)) {
        let ready = line.contains(&listening);
        seen.push(line);
        if ready {
            break;
        }
    }
    assert!(seen.last().is_some_and(|l| l.contains(&listening)), "the server never listened:\n{}", seen.join("\n"));

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let get = |path: &str| {
        let url = format!("http://127.0.0.1:{port}{path}");
        runtime.block_on(async {
            let response = reqwest::get(url).await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        })
    };
    assert_eq!(get("/readyz").0, 200);
    let (status, front_page) = get("/");
    assert_eq!(status, 200);
    assert!(front_page.contains("The Byline Herald"), "{front_page}");

    // SIGTERM, as `systemctl stop` sends: a clean stop.
    ok("kill", &["-TERM", &server.0.id().to_string()]);
    let status = server.0.wait().unwrap();
    reader.join().unwrap();
    seen.extend(log.try_iter());
    assert!(status.success(), "exit after SIGTERM: {status}\n{}", seen.join("\n"));
    assert!(seen.iter().any(|l| l.contains("shutting down")), "{}", seen.join("\n"));
    let mut said = String::new();
    std::io::Read::read_to_string(&mut server.0.stdout.take().unwrap(), &mut said).unwrap();
    assert!(said.contains("No admin yet"), "{said}");
    // It wrote its database where the configuration says, as its user.
    assert_eq!(ok("stat", &["--format=%U", &format!("{STATE}/byline.db")]).trim(), "byline");

    // Removed, the site's data and configuration stay; purged, nothing of
    // the package is left (the user stays, as Debian's packages leave theirs).
    ok("dpkg", &["--remove", "byline"]);
    assert_eq!(package_state(), "config-files");
    assert!(!Path::new("/usr/bin/byline").exists());
    assert!(Path::new(&format!("{STATE}/byline.db")).exists());
    assert!(Path::new(CONFIG).exists());
    ok("dpkg", &["--purge", "byline"]);
    assert_eq!(package_state(), "not-installed");
    assert_eq!(traces(), Vec::<PathBuf>::new());
    assert!(!run("dpkg-statoverride", &["--list", CONFIG]).status.success());
    assert!(user_exists());
    drop(installed);
}
