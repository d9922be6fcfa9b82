//! What `resize_image` is asked to do (`op`, `width`, `height`) and the crop and resize that
//! gives, with Zola's rounding, so that a Zola site gets images of the sizes it got before.

/// One of Zola's five resize operations, with the sides it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    /// Exactly `width` × `height`, whatever the aspect ratio.
    Scale(u32, u32),
    /// `width` wide, as tall as the aspect ratio makes it.
    FitWidth(u32),
    /// `height` tall, as wide as the aspect ratio makes it.
    FitHeight(u32),
    /// Shrunk, never enlarged, to fit within `width` × `height`.
    Fit(u32, u32),
    /// Exactly `width` × `height`, the centre cut to that aspect ratio first.
    Fill(u32, u32),
}

impl Operation {
    /// The operation `op` with the sides given, or why they do not make one.
    pub(crate) fn parse(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Self, String> {
        let both = |make: fn(u32, u32) -> Operation| match (width, height) {
            (Some(w), Some(h)) => Ok(make(w, h)),
            _ => Err(format!("op=\"{op}\" needs both `width` and `height`")),
        };
        let operation = match op {
            "scale" => both(Operation::Scale)?,
            "fit" => both(Operation::Fit)?,
            "fill" => both(Operation::Fill)?,
            "fit_width" => Operation::FitWidth(
                width.ok_or_else(|| "op=\"fit_width\" needs a `width`".to_string())?,
            ),
            "fit_height" => Operation::FitHeight(
                height.ok_or_else(|| "op=\"fit_height\" needs a `height`".to_string())?,
            ),
            other => {
                return Err(format!(
                    "`{other}` is not a resize operation; use one of scale, fit_width, fit_height, fit or fill"
                ))
            }
        };
        let sides = match operation {
            Operation::Scale(w, h) | Operation::Fit(w, h) | Operation::Fill(w, h) => [w, h],
            Operation::FitWidth(w) => [w, 1],
            Operation::FitHeight(h) => [1, h],
        };
        if sides.contains(&0) {
            return Err("`width` and `height` must be at least 1 pixel".into());
        }
        Ok(operation)
    }

    /// The discriminant and sides, in the order Zola feeds them to the hash that names its
    /// processed files (see `super::naming`).
    pub(crate) fn hash_parts(self) -> (u64, Vec<u32>) {
        match self {
            Operation::Scale(w, h) => (0, vec![w, h]),
            Operation::FitWidth(w) => (1, vec![w]),
            Operation::FitHeight(h) => (2, vec![h]),
            Operation::Fit(w, h) => (3, vec![w, h]),
            Operation::Fill(w, h) => (4, vec![w, h]),
        }
    }
}

/// What to do to an image of a given size: cut out a rectangle, then resize. Either may be
/// absent (`fit` on a small image does nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Plan {
    /// `x`, `y`, `width`, `height` of the part kept.
    pub crop: Option<(u32, u32, u32, u32)>,
    /// The final size.
    pub resize: Option<(u32, u32)>,
}

impl Plan {
    /// The plan for `operation` on an image `width` × `height` (as shown, EXIF orientation
    /// applied). Sides that preserve the aspect ratio are rounded down, as Zola does.
    pub(crate) fn new(operation: Operation, (width, height): (u32, u32)) -> Plan {
        let resize = |w: u32, h: u32| Plan {
            crop: None,
            resize: Some((w.max(1), h.max(1))),
        };
        // In u64: 30,000 × 30,000 overflows u32.
        let (w64, h64) = (u64::from(width), u64::from(height));
        match operation {
            Operation::Scale(w, h) => resize(w, h),
            Operation::FitWidth(w) => resize(w, (h64 * u64::from(w) / w64) as u32),
            Operation::FitHeight(h) => resize((w64 * u64::from(h) / h64) as u32, h),
            Operation::Fit(w, h) if width <= w && height <= h => Plan::default(),
            Operation::Fit(w, h) => {
                // The side that overflows more (relatively) decides.
                if w64 * u64::from(h) > h64 * u64::from(w) {
                    Plan::new(Operation::FitWidth(w), (width, height))
                } else {
                    Plan::new(Operation::FitHeight(h), (width, height))
                }
            }
            Operation::Fill(w, h) => {
                // Zola compares the two shrink factors in f32 and, when they are within 0.1
                // of each other, scales without cutting; the same arithmetic gives the same
                // sizes.
                let factor_w = width as f32 / w as f32;
                let factor_h = height as f32 / h as f32;
                if (factor_w - factor_h).abs() <= 0.1 {
                    return resize(w, h);
                }
                let crop = if factor_w < factor_h {
                    let kept = ((factor_w * h as f32).round() as u32).min(height);
                    (0, (height - kept) / 2, width, kept)
                } else {
                    let kept = ((factor_h * w as f32).round() as u32).min(width);
                    ((width - kept) / 2, 0, kept, height)
                };
                Plan {
                    crop: Some(crop),
                    resize: Some((w, h)),
                }
            }
        }
    }

    /// The size of the result for an image `original` in size.
    pub(crate) fn size(&self, original: (u32, u32)) -> (u32, u32) {
        self.resize.unwrap_or(original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sizes of Zola's documentation examples, on its 300 × 380 image, computed by hand.
    #[test]
    fn every_operation_gives_the_sizes_worked_out_by_hand() {
        let zola = (300, 380);
        let size = |op| Plan::new(op, zola).size(zola);
        assert_eq!(size(Operation::Scale(150, 150)), (150, 150));
        // 380 × 100 / 300 = 126.67, rounded down.
        assert_eq!(size(Operation::FitWidth(100)), (100, 126));
        // 300 × 150 / 380 = 118.42.
        assert_eq!(size(Operation::FitHeight(150)), (118, 150));
        // Smaller than 5000 × 5000 already: untouched.
        assert_eq!(size(Operation::Fit(5000, 5000)), (300, 380));
        // Taller than wide: the height decides, 300 × 150 / 380 = 118.
        assert_eq!(size(Operation::Fit(150, 150)), (118, 150));
        assert_eq!(size(Operation::Fill(150, 150)), (150, 150));
    }

    #[test]
    fn fill_cuts_the_centre_to_the_aspect_ratio_asked() {
        // 300 × 380 to a square: factors 2 and 2.53, so the full width is kept and
        // 2 × 150 = 300 rows, (380 - 300) / 2 = 40 from the top.
        let plan = Plan::new(Operation::Fill(150, 150), (300, 380));
        assert_eq!(plan.crop, Some((0, 40, 300, 300)));
        // 4000 × 3000 to 100 × 100: factors 40 and 30; 30 × 100 = 3000 columns from x = 500.
        let plan = Plan::new(Operation::Fill(100, 100), (4000, 3000));
        assert_eq!(plan.crop, Some((500, 0, 3000, 3000)));
        // Nearly the same shape (factors 2 and 2.05): scaled, not cut.
        let plan = Plan::new(Operation::Fill(200, 100), (400, 205));
        assert_eq!(
            plan,
            Plan {
                crop: None,
                resize: Some((200, 100))
            }
        );
    }

    #[test]
    fn fit_is_decided_by_the_side_that_overflows_more() {
        // 4000 × 3000 in 1000 × 1000: wider, so 1000 wide and 3000 × 1000 / 4000 = 750 tall.
        assert_eq!(
            Plan::new(Operation::Fit(1000, 1000), (4000, 3000)).size((4000, 3000)),
            (1000, 750)
        );
        // Only one side too large still shrinks: 500 × 2000 in 1000 × 1000 → 250 × 1000.
        assert_eq!(
            Plan::new(Operation::Fit(1000, 1000), (500, 2000)).size((500, 2000)),
            (250, 1000)
        );
    }

    #[test]
    fn bad_arguments_say_what_is_missing() {
        assert_eq!(
            Operation::parse("fit", Some(10), None).unwrap_err(),
            "op=\"fit\" needs both `width` and `height`"
        );
        assert!(Operation::parse("fit_width", None, Some(3)).is_err());
        assert!(Operation::parse("crop", Some(1), Some(1))
            .unwrap_err()
            .contains("scale, fit_width"));
        assert!(Operation::parse("scale", Some(0), Some(1)).is_err());
        assert_eq!(
            Operation::parse("fit_height", None, Some(3)),
            Ok(Operation::FitHeight(3))
        );
    }
}
