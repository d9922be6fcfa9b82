//! Colour contrast as WCAG 2 measures it, and the nudge that makes a theme's token colours
//! readable: a theme's comment grey often falls short of AA (4.5:1) on its own background,
//! and relief would rather shift that grey a little than publish text that is hard to read.

use syntect::highlighting::Color;

/// WCAG AA for normal text.
pub(crate) const AA: f64 = 4.5;

/// Relative luminance of an opaque colour (WCAG 2).
pub(crate) fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The contrast ratio of two opaque colours, from 1 to 21.
pub(crate) fn ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c` painted over `under`: the opaque colour a reader sees.
pub(crate) fn over(c: Color, under: Color) -> Color {
    let alpha = f64::from(c.a) / 255.0;
    let mix = |top: u8, bottom: u8| {
        (f64::from(top) * alpha + f64::from(bottom) * (1.0 - alpha)).round() as u8
    };
    Color {
        r: mix(c.r, under.r),
        g: mix(c.g, under.g),
        b: mix(c.b, under.b),
        a: 0xFF,
    }
}

/// `fg` (made opaque over the first background), moved toward white on a dark background or
/// black on a light one in small steps until it reaches AA against every background given;
/// unchanged when it already does.
pub(crate) fn readable(fg: Color, backgrounds: &[Color]) -> Color {
    let Some(&main) = backgrounds.first() else {
        return fg;
    };
    let start = over(fg, main);
    let target = match luminance(main) < 0.5 {
        true => Color::WHITE,
        false => Color::BLACK,
    };
    (0..=20)
        .map(|step| blend(start, target, f64::from(step) / 20.0))
        .find(|c| backgrounds.iter().all(|&bg| ratio(*c, bg) >= AA))
        .unwrap_or(target)
}

/// The colour `share` of the way from `from` to `to`.
fn blend(from: Color, to: Color, share: f64) -> Color {
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * share).round() as u8;
    Color {
        r: mix(from.r, to.r),
        g: mix(from.g, to.g),
        b: mix(from.b, to.b),
        a: 0xFF,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 0xFF }
    }

    #[test]
    fn ratios_match_wcag_examples() {
        assert!((ratio(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        // #767676 on white is the lightest grey that passes AA (4.54:1).
        assert!((ratio(rgb(0x76, 0x76, 0x76), Color::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn a_faint_colour_is_moved_until_it_passes_and_a_good_one_is_kept() {
        let mocha_base = rgb(0x1e, 0x1e, 0x2e);
        let comment = rgb(0x6c, 0x70, 0x86);
        assert!(ratio(comment, mocha_base) < AA);
        let fixed = readable(comment, &[mocha_base]);
        assert!(ratio(fixed, mocha_base) >= AA);
        assert!(fixed.r > comment.r, "lightened on a dark background");
        let text = rgb(0xcd, 0xd6, 0xf4);
        assert_eq!(readable(text, &[mocha_base]), text);
        let on_white = readable(rgb(0xaa, 0xaa, 0xaa), &[Color::WHITE]);
        assert!(ratio(on_white, Color::WHITE) >= AA && on_white.r < 0xaa);
    }
}
