//! The ingest's progress bar on stderr (when it is a terminal), and its notices.

use std::io::IsTerminal;

use drumbeat_ingest::Notice;
use drumbeat_pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Progress for Bar {
    fn start(&self, inputs: u64) {
        if let Some(b) = &self.bar {
            b.set_length(inputs);
        }
    }
    fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }
    fn notice(&self, n: &Notice) {
        let line = format!("drumbeat: {n}");
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn progress_bar() -> Bar {
    if !std::io::stderr().is_terminal() {
        return Bar { bar: None };
    }
    let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    b.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} inputs [{bar:30}] {elapsed} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Bar { bar: Some(b) }
}
