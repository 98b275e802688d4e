//! Fonts, colours and light/dark mode.
//!
//! The transcript is set in DejaVu Sans (sturdier than egui's light default
//! for long reading, and wide Unicode coverage), speaker labels in its bold
//! face. Both are embedded rather than looked up on the system, so the text
//! lays out the same on every machine: the GUI snapshot tests depend on it.

use egui::{Color32, FontFamily, FontId};

pub const BOLD: &str = "tema-bold";
pub const BODY: &str = "tema-body";
pub const MIN_FONT: f32 = 10.0;
pub const MAX_FONT: f32 = 32.0;
pub const DEFAULT_FONT: f32 = 15.0;

const BODY_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Visual settings the user can change (View menu), saved per project.
#[derive(Debug, Clone)]
pub struct Theme {
    pub font_size: f32,
    pub dark: bool,
    /// Bumped whenever something that changes text layout changes.
    pub generation: u64,
    fonts_installed: bool,
    bold_ready: bool,
    applied_dark: Option<bool>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            font_size: DEFAULT_FONT,
            dark: false,
            generation: 1,
            fonts_installed: false,
            bold_ready: false,
            applied_dark: None,
        }
    }
}

impl Theme {
    /// Called at the start of every frame: installs fonts once and applies
    /// light/dark when it changed.
    pub fn begin_frame(&mut self, ctx: &egui::Context) {
        if self.fonts_installed && !self.bold_ready {
            self.bold_ready = true;
            self.generation += 1;
        }
        if !self.fonts_installed {
            install_fonts(ctx);
            self.fonts_installed = true;
        }
        if self.applied_dark != Some(self.dark) {
            ctx.set_theme(if self.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.applied_dark = Some(self.dark);
            self.generation += 1;
        }
    }

    pub fn set_font_size(&mut self, size: f32) {
        let size = size.clamp(MIN_FONT, MAX_FONT).round();
        if size != self.font_size {
            self.font_size = size;
            self.generation += 1;
        }
    }

    pub fn body(&self) -> FontId {
        let family = if self.bold_ready {
            FontFamily::Name(BODY.into())
        } else {
            FontFamily::Proportional
        };
        FontId::new(self.font_size, family)
    }

    pub fn bold(&self) -> FontId {
        let family = if self.bold_ready {
            FontFamily::Name(BOLD.into())
        } else {
            FontFamily::Proportional
        };
        FontId::new(self.font_size, family)
    }

    pub fn small(&self) -> FontId {
        FontId::new((self.font_size * 0.8).max(9.0), FontFamily::Proportional)
    }

    pub fn text_colour(&self) -> Color32 {
        if self.dark {
            Color32::from_gray(220)
        } else {
            Color32::from_gray(20)
        }
    }

    pub fn strong_colour(&self) -> Color32 {
        if self.dark {
            Color32::WHITE
        } else {
            Color32::BLACK
        }
    }

    pub fn dim_colour(&self) -> Color32 {
        if self.dark {
            Color32::from_gray(140)
        } else {
            Color32::from_gray(120)
        }
    }

    pub fn placeholder_colour(&self) -> Color32 {
        if self.dark {
            Color32::from_rgb(130, 180, 255)
        } else {
            Color32::from_rgb(30, 80, 170)
        }
    }

    pub fn selection_colour(&self) -> Color32 {
        if self.dark {
            Color32::from_rgba_unmultiplied(90, 140, 255, 110)
        } else {
            Color32::from_rgba_unmultiplied(60, 120, 255, 90)
        }
    }

    /// How strongly code colours tint the text background (blends when codings overlap).
    pub fn highlight_alpha(&self) -> u8 {
        if self.dark { 70 } else { 80 }
    }
}

/// Add the families `tema-body` and `tema-bold`: a system font when there
/// is one, then egui's own fonts for anything it lacks.
fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let fallback = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for (family, bytes) in [(BODY, BODY_FONT), (BOLD, BOLD_FONT)] {
        fonts
            .font_data
            .insert(family.into(), egui::FontData::from_static(bytes).into());
        let mut chain = vec![family.to_string()];
        chain.extend(fallback.iter().cloned());
        fonts
            .families
            .insert(FontFamily::Name(family.into()), chain);
    }
    // Not added to egui's own families as a fallback for missing glyphs:
    // a longer chain costs every laid-out character a lookup, and made
    // scrolling a long transcript 60% slower (`tema bench ui`).
    ctx.set_fonts(fonts);
}

/// Parse a code colour `#RRGGBB` (grey when malformed).
pub fn parse_colour(hex: &str) -> Color32 {
    let h = hex.trim_start_matches('#');
    if h.len() == 6
        && let Ok(v) = u32::from_str_radix(h, 16)
    {
        return Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8);
    }
    Color32::GRAY
}

pub fn colour_hex(c: Color32) -> String {
    format!("#{:02X}{:02X}{:02X}", c.r(), c.g(), c.b())
}

/// A code colour made translucent for highlighting text.
pub fn tint(c: Color32, alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_round_trip() {
        let c = parse_colour("#2A9D8F");
        assert_eq!(colour_hex(c), "#2A9D8F");
        assert_eq!(parse_colour("nonsense"), Color32::GRAY);
    }
}
