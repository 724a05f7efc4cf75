//! Reusable pieces of the steps.

pub mod attempt;
pub mod code_entry;
pub mod copy_button;
pub mod qr_code;
pub mod second_factor;
pub mod step_heading;

pub use attempt::{Attempt, error_text};
pub use code_entry::CodeEntry;
pub use copy_button::CopyButton;
pub use qr_code::QrCode;
pub use second_factor::{Purpose, ReauthPrompt, SecondFactorForm};
pub use step_heading::{FocusedHeading, StepHeading};
