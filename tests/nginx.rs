//! The README's nginx example, run by a real nginx against a real build:
//! pages get the site's Content-Security-Policy, HTML and SVG attachments
//! open in a sandbox, moved pages' old addresses answer 301 from the map
//! the build writes, and samsyn's own dot files are never served.
//!
//! Needs `nginx` (Debian's `nginx-light`, which `.ci/run` installs). Without
//! it the test says so and passes, except in CI (`CI` set), where it fails.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The first ```nginx block of the README, split into the part for the
/// `http` block (the `map`s) and the part for the `server` block.
fn readme_nginx() -> (String, String) {
    let readme = std::fs::read_to_string(demo_site().join("README.md")).expect("README.md");
    let mut rest = readme
        .split("```nginx\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the README has an nginx example");
    let (mut maps, mut server) = (String::new(), String::new());
    while let Some(map_start) = rest.find("map $uri") {
        let map_end = map_start + rest[map_start..].find("\n}\n").expect("the map ends") + 3;
        server.push_str(&rest[..map_start]);
        maps.push_str(&rest[map_start..map_end]);
        rest = &rest[map_end..];
    }
    assert!(!maps.is_empty(), "the example has a map");
    server.push_str(rest);
    (maps, server)
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_nginx(dir: &Path, www: &Path, port: u16) -> Nginx {
    let (map, server) = readme_nginx();
    let here = www.join("bus").display().to_string();
    let (map, server) = (
        map.replace("/srv/www/bus", &here),
        server.replace("/srv/www/bus", &here),
    );
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n\
         client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;\n\
         uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n{map}\n\
         server {{\nlisten 127.0.0.1:{port};\n{server}\n}}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).expect("write nginx.conf");
    let child = Command::new("nginx")
        .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nginx");
    let nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
        assert!(Instant::now() < deadline, "nginx did not start:\n{log}");
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// (status, lower-cased header lines) of a GET.
fn get(port: u16, path: &str) -> (u16, Vec<(String, String)>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").expect("send");
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).expect("read");
    let text = String::from_utf8_lossy(&answer);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn readme_nginx_example_sends_the_policy_sandboxes_attachments_redirects_aliases_and_hides_dot_files(
) {
    if Command::new("nginx").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install nginx (Debian's nginx-light) for this test"
        );
        eprintln!("nginx is not installed: skipped (CI installs it)");
        return;
    }
    let s = site(&[
        ("site.yaml", "base_url: /bus/\nallow_html_attachments: true\n"),
        ("content/index.md", "---\ntitle: Start\n---\n\nSe [rutinen](rutin.md), [bilagan](bilaga.html) och ![ritning](ritning.svg).\n"),
        ("content/rutin.md", "---\ntitle: Rutin\nkind: routine\nrevised: 2026-06-01\naliases: [/gamla/rutinen/, /Äldre/Rutin]\n---\n\nText.\n"),
        ("content/bilaga.html", "<!doctype html><title>Bilaga</title><p>Bilaga</p>"),
        ("content/bilaga.shtml", "<!doctype html><title>Bilaga</title><p>Bilaga</p>"),
        ("content/ritning.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>"),
    ]);
    let www = tempfile::tempdir().expect("temp dir");
    samsyn::build(&opts(s.path()), &www.path().join("bus")).expect("build");
    assert!(www.path().join("bus/.samsyn-manifest.json").exists());
    let port = free_port();
    let run = tempfile::tempdir().expect("temp dir");
    let _nginx = start_nginx(run.path(), www.path(), port);

    let site_policy = format!(
        "{}; frame-ancestors 'self'",
        samsyn::render::CONTENT_SECURITY_POLICY
    );
    for page in ["/bus/", "/bus/rutin/", "/bus/search/"] {
        let (status, h) = get(port, page);
        assert_eq!(status, 200, "{page}");
        assert_eq!(
            header(&h, "content-security-policy"),
            Some(site_policy.as_str()),
            "{page}"
        );
        assert_eq!(
            header(&h, "x-content-type-options"),
            Some("nosniff"),
            "{page}"
        );
    }
    let (status, h) = get(port, "/bus/finns-inte/");
    assert_eq!(status, 404);
    assert_eq!(
        header(&h, "content-security-policy"),
        Some(site_policy.as_str())
    );
    for attachment in ["/bus/bilaga.html", "/bus/bilaga.shtml", "/bus/ritning.svg"] {
        let (status, h) = get(port, attachment);
        assert_eq!(status, 200, "{attachment}");
        assert_eq!(
            header(&h, "content-security-policy"),
            Some("sandbox"),
            "{attachment}"
        );
    }
    // Old addresses of a moved page: a 301 to where it is now, from the
    // map the build wrote, with or without the last `/`.
    for old in [
        "/bus/gamla/rutinen/",
        "/bus/gamla/rutinen",
        "/bus/gamla/rutinen/index.html",
        "/bus/%C3%A4ldre/rutin/",
    ] {
        let (status, h) = get(port, old);
        assert_eq!(status, 301, "{old}");
        // nginx makes a path-only target absolute with the request's host.
        let to = header(&h, "location").unwrap_or("");
        assert!(to.ends_with("/bus/rutin/"), "{old} → {to}");
    }
    let (status, _) = get(port, "/bus/gamla/annan/");
    assert_eq!(status, 404, "only the old addresses themselves move");
    for own in [
        "/bus/.samsyn-manifest.json",
        "/bus/.samsyn-output",
        "/bus/.samsyn-redirects.map",
        "/bus/static/.x",
    ] {
        let (status, _) = get(port, own);
        assert_eq!(status, 404, "{own} was served");
    }
    let css = std::fs::read_dir(www.path().join("bus/static"))
        .expect("static folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .expect("a stylesheet");
    let (status, h) = get(port, &format!("/bus/static/{css}"));
    assert_eq!(status, 200);
    assert!(header(&h, "cache-control")
        .unwrap_or("")
        .contains("immutable"));
    assert_eq!(
        header(&h, "content-security-policy"),
        Some(site_policy.as_str())
    );
}
