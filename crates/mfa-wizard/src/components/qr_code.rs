//! The QR code of a key URI, drawn in the page by `crates/otp`.
//!
//! It is wrapped in an `otpauth:` link, so on a phone a tap opens the authenticator app. Its
//! accessible name names the service and account only: a screen reader must never read the
//! secret aloud, and the URI is not in any attribute a reader announces.

use leptos::prelude::*;

use crate::i18n::{fill, t};
use crate::otpauth::{self, KeyDetails};

#[component]
pub fn QrCode(uri: String, details: KeyDetails) -> impl IntoView {
    let text = t();
    let label = fill(
        text.qr_label,
        &[
            ("issuer", details.issuer.as_deref().unwrap_or("")),
            ("account", &details.account),
        ],
    );
    // The SVG comes from our own renderer, whose only inputs are module coordinates and
    // checked colours, so it is safe as markup.
    let svg = otpauth::qr_svg(&uri).unwrap_or_default();
    view! {
        <figure class="qr">
            <a href=uri class="qr-link" aria-describedby="qr-caption">
                <span class="qr-image" role="img" aria-label=label inner_html=svg></span>
            </a>
            <figcaption id="qr-caption">{text.qr_same_device}</figcaption>
        </figure>
    }
}
