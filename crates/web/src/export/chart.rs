//! Horizontal bar charts as SVG for the pages (no script, a title and a text alternative for screen readers,
//! the figures printed beside each bar); the printed report draws the same bars, with the same shares and
//! figures, in its typst template. Enough for counts and amounts by category; no axes to misread, every bar
//! carries its number. The label column is as wide as the longest label needs, so no label is cut; the SVG
//! scales down on a narrow screen (app.css).

use terugkeer_rules::Lang;
use terugkeer_rules::vocab::{Cents, Written};

/// What the numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A count.
    Count,
    /// Cents, shown as euros in this language's way ("€ 1.250,50").
    Cents(Lang),
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

/// The narrowest label column, and the width a label's character takes at the labels' 12 px (generous for
/// a proportional sans-serif; a wide letter is ~0.6 em).
const LABEL_W: f32 = 190.0;
const CHAR_W: f32 = 7.2;
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
    /// A bar's figure in words: the count, or the amount in euros.
    pub fn shown(&self, v: i64) -> String {
        match self.unit {
            Unit::Count => v.to_string(),
            Unit::Cents(lang) => Written(Cents(v), lang).to_string(),
        }
    }

    /// The label column's width: the longest label's, at least [`LABEL_W`].
    fn label_width(&self) -> f32 {
        let longest = self
            .bars
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        (longest as f32 * CHAR_W + 12.0).max(LABEL_W)
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
        let label_w = self.label_width();
        let width = label_w + BAR_W + 120.0;
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
                 <rect x=\"{label_w}\" y=\"{}\" width=\"{len:.1}\" height=\"{}\" fill=\"#1f5f8b\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
                label_w - 6.0,
                y + 14.0,
                escape(label),
                y + 3.0,
                ROW - 6.0,
                label_w + len + 6.0,
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
            unit: Unit::Cents(Lang::Nl),
        };
        let svg = c.svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Huisvesting &amp; zo") && svg.contains("&lt;in natura&gt;"));
        assert!(svg.contains("€ 250,50") && svg.contains("€ 1.000,00"), "{svg}");
        // The longest bar has the full width; the other its share.
        assert!(svg.contains("width=\"220.0\""), "{svg}");
        assert!(svg.contains("width=\"55.1\""), "{svg}");
        assert!(svg.contains("role=\"img\""));
    }

    /// A label longer than the narrowest column widens it: its text ends at the column's edge and starts
    /// inside the picture (at 7.2 px a character), and the bars start after it.
    #[test]
    fn long_labels_fit() {
        let label = "3. plan niet gerealiseerd, wel goede vooruitzichten";
        let c = BarChart {
            title: "Uitkomsten".into(),
            bars: vec![(label.into(), 3), ("kort".into(), 1)],
            unit: Unit::Count,
        };
        let svg = c.svg();
        let anchor: f32 = svg
            .split("text-anchor=\"end\"")
            .next()
            .unwrap_or_default()
            .rsplit("x=\"")
            .next()
            .unwrap_or_default()
            .split('"')
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or(0.0);
        assert!(
            anchor - label.chars().count() as f32 * 7.2 >= 0.0,
            "{anchor}: {svg}"
        );
        assert!(svg.contains(&format!("<rect x=\"{}\"", anchor + 6.0)), "{svg}");
    }
}
