//! Every string the wizard shows, in one place per language.
//!
//! A [`Catalog`] is a struct with one field per message, so a new language is one more file with
//! one more `const` and the compiler refuses it until every message is translated. Messages with
//! values take named `{placeholders}` that [`fill`] replaces; word order stays the translator's.

mod en;

pub use en::EN;

/// Declares the catalog struct and a list of its entries, so tests can check every message
/// of every language without naming each one again.
macro_rules! catalog {
    ($($(#[doc = $doc:literal])* $key:ident),* $(,)?) => {
        /// One language's messages.
        #[derive(Debug)]
        pub struct Catalog {
            $($(#[doc = $doc])* pub $key: &'static str,)*
        }

        impl Catalog {
            /// Every message with its key, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key)),*]
            }
        }
    };
}

catalog! {
    /// The product name in the page header and the document title.
    app_name,
    loading,
    /// Shown when `config.json` cannot be read; the built-in defaults are used.
    config_fallback,
    skip_to_content,
    sign_out,
    busy,

    // Sign-in
    sign_in_heading,
    sign_in_intro,
    username_label,
    password_label,
    sign_in_button,
    connection_legend,
    backend_label,
    api_label,
    api_hint,
    /// `{api}`: an API address that was refused because it is not on this site.
    api_refused,
    wrong_password,
    session_expired,

    // Second factor (sign-in and re-authentication)
    second_factor_heading,
    second_factor_intro,
    reauth_heading,
    reauth_intro,
    method_legend,
    method_totp,
    method_recovery,
    method_email,
    totp_code_label,
    totp_code_hint,
    recovery_code_label,
    recovery_code_hint,
    email_code_label,
    email_code_hint,
    send_email_code,
    email_code_sent,
    verify_button,
    cancel,
    wrong_code,
    wrong_recovery_code,
    /// `{time}`: how long to wait, as `m:ss`.
    rate_limited,
    /// `{time}`: how long is left, as `m:ss`.
    retry_in,
    clock_hint,
    /// `{digits}`: how many digits the code has.
    code_incomplete,
    code_not_digits,

    // Overview
    overview_heading,
    status_on,
    status_off,
    status_on_detail,
    status_off_detail,
    authenticators_heading,
    no_authenticators,
    authenticator_default_name,
    /// `{date}`: the day the authenticator was added.
    added_on,
    add_authenticator,
    replace_authenticator,
    remove_authenticator,
    recovery_heading,
    /// `{count}`: unused recovery codes.
    recovery_left,
    /// `{date}`: the day the codes were made.
    recovery_made_on,
    recovery_none,
    regenerate_codes,
    email_heading,
    /// `{email}`: the address codes are sent to.
    email_active,
    devices_heading,
    no_devices,
    revoke_device,
    turn_off,
    turn_off_confirm,
    removed_authenticator,
    turned_off,

    // Add an authenticator
    add_heading,
    add_intro,
    /// `{issuer}`, `{account}`: the QR's accessible name; never the secret.
    qr_label,
    qr_same_device,
    details_heading,
    issuer_label,
    account_label,
    algorithm_label,
    digits_label,
    period_label,
    /// `{seconds}`: the length of one period.
    period_value,
    /// `{seconds}`: seconds until the codes in the app change.
    period_countdown,
    cant_scan,
    setup_key_label,
    setup_key_hint,
    copy_key,
    key_copied,
    copy_failed,
    next_enter_code,
    setup_failed,
    resumed,

    // Verify the first code
    verify_heading,
    verify_intro,
    no_pending_setup,
    back_to_qr,

    // Recovery codes
    recovery_codes_heading,
    recovery_codes_intro,
    recovery_codes_list_label,
    copy_all,
    codes_copied,
    download_txt,
    print,
    /// The first line of the downloaded and printed file.
    recovery_file_title,
    confirm_code_label,
    confirm_code_hint,
    confirm_button,
    confirm_mismatch,
    recovery_gone,
    done,

    // Errors every step can show
    network_error,
    /// `{status}`: the HTTP status.
    server_error,
    unsupported,
}

/// The catalog of the page's language. English is the only one so far.
pub fn t() -> &'static Catalog {
    &EN
}

/// `template` with each `{name}` replaced by its value; unknown placeholders stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) => match values.iter().find(|(key, _)| *key == name) {
                Some((_, value)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            },
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a template uses, in order; tests compare them across languages.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        found.push(&after[..close]);
        rest = &after[close + 1..];
    }
    found
}
