//! Horizontal bar charts, drawn twice from the same data: as SVG for the pages (no script, a title and a text
//! alternative for screen readers, the figures printed beside each bar) and as PDF drawing operators for the
//! reports. Enough for counts and amounts by category; no axes to misread, every bar carries its number.

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

    /// The bar's length for `v` of `width`.
    fn length(&self, v: i64, width: f32) -> f32 {
        (v.max(0) as f32 / self.max() as f32) * width
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

    /// The height the chart takes in a PDF, in points.
    pub fn pdf_height(&self) -> f32 {
        TOP + ROW * self.bars.len().max(1) as f32 + 16.0
    }

    /// PDF content-stream operators drawing the chart with its top-left corner at (`x`, `top`), using fonts
    /// `/F1` and `/F2`; `string` makes a PDF string literal.
    pub fn pdf_ops(&self, x: f32, top: f32, string: impl Fn(&str) -> Vec<u8>) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(format!("BT /F2 11 Tf {x} {} Td ", top - 12.0).into_bytes());
        out.extend(string(&self.title));
        out.extend(b" Tj ET\n");
        for (i, (label, v)) in self.bars.iter().enumerate() {
            let y = top - TOP - ROW * i as f32;
            let len = self.length(*v, BAR_W);
            out.extend(format!("BT /F1 9 Tf {x} {} Td ", y - 12.0).into_bytes());
            out.extend(string(label));
            out.extend(b" Tj ET\n");
            if len > 0.0 {
                out.extend(
                    format!(
                        "0.12 0.37 0.55 rg {} {} {len:.1} {} re f 0 g\n",
                        x + LABEL_W,
                        y - ROW + 6.0,
                        ROW - 8.0
                    )
                    .into_bytes(),
                );
            }
            out.extend(format!("BT /F1 9 Tf {} {} Td ", x + LABEL_W + len + 6.0, y - 12.0).into_bytes());
            out.extend(string(&self.shown(*v)));
            out.extend(b" Tj ET\n");
        }
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
