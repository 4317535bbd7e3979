//! Horizontal bar charts as SVG for the pages (no script, a title and a text alternative for screen readers,
//! the figures printed beside each bar); the printed report draws the same bars in its typst template. Enough for counts and amounts by category; no axes to misread, every bar carries its number.

use terugkeer_domain::in_kind::euros;

/// What the numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A count.
    Count,
    /// Cents, shown as euros.
    Cents,
}

/// One chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// The heading.
    pub title: String,
    /// Label and value of each bar, in order.
    pub bars: Vec<(String, i64)>,
    /// What the values are.
    pub unit: Unit,
}

const LABEL_W: f32 = 190.0;
const BAR_W: f32 = 220.0;
const ROW: f32 = 22.0;
const TOP: f32 = 28.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl BarChart {
    fn shown(&self, v: i64) -> String {
        match self.unit {
            Unit::Count => v.to_string(),
            Unit::Cents => euros(v),
        }
    }

    fn max(&self) -> i64 {
        self.bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1)
    }

    /// The bar's length for `v` as a share of the longest (0 to 1): the page's SVG and the printed report
    /// draw the same proportions.
    pub fn share(&self, v: i64) -> f32 {
        v.max(0) as f32 / self.max() as f32
    }

    /// The bar's length for `v` of `width`.
    fn length(&self, v: i64, width: f32) -> f32 {
        self.share(v) * width
    }

    /// The chart as an SVG element (inline in a page).
    pub fn svg(&self) -> String {
        let height = TOP + ROW * self.bars.len().max(1) as f32 + 8.0;
        let width = LABEL_W + BAR_W + 120.0;
        let alt: Vec<String> = self
            .bars
            .iter()
            .map(|(l, v)| format!("{l}: {}", self.shown(*v)))
            .collect();
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" \
             width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
            escape(&format!("{}: {}", self.title, alt.join("; ")))
        );
        out.push_str(&format!(
            "<title>{}</title><text x=\"0\" y=\"16\" font-weight=\"bold\" font-size=\"14\">{}</text>",
            escape(&self.title),
            escape(&self.title)
        ));
        if self.bars.is_empty() {
            out.push_str(&format!(
                "<text x=\"0\" y=\"{}\" font-size=\"12\">—</text>",
                TOP + 14.0
            ));
        }
        for (i, (label, v)) in self.bars.iter().enumerate() {
            let y = TOP + ROW * i as f32;
            let len = self.length(*v, BAR_W);
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>\
                 <rect x=\"{LABEL_W}\" y=\"{}\" width=\"{len:.1}\" height=\"{}\" fill=\"#1f5f8b\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
                LABEL_W - 6.0,
                y + 14.0,
                escape(label),
                y + 3.0,
                ROW - 6.0,
                LABEL_W + len + 6.0,
                y + 14.0,
                escape(&self.shown(*v))
            ));
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_names_every_bar_and_escapes() {
        let c = BarChart {
            title: "Kosten <in natura>".into(),
            bars: vec![("Huisvesting & zo".into(), 25_050), ("Opleiding".into(), 100_000)],
            unit: Unit::Cents,
        };
        let svg = c.svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Huisvesting &amp; zo") && svg.contains("&lt;in natura&gt;"));
        assert!(svg.contains("EUR 250,50") && svg.contains("EUR 1.000,00"));
        // The longest bar has the full width; the other its share.
        assert!(svg.contains("width=\"220.0\""), "{svg}");
        assert!(svg.contains("width=\"55.1\""), "{svg}");
        assert!(svg.contains("role=\"img\""));
    }
}
