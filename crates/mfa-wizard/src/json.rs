//! JSON through the browser's own `JSON.parse` / `JSON.stringify`.
//!
//! The wizard reads a handful of fields from small API replies and writes one-level request
//! bodies. `serde_json` with derived `Deserialize` impls cost about 45 KB of wasm (22 KB gzip)
//! for that (a parser, float formatting and one visitor per reply type), a seventh of the
//! download budget of issue 5; the browser already ships a JSON parser, so this module only reads fields out of
//! what it returns. Every accessor answers `None` for a missing field or another type, the way
//! `Option` fields with `#[serde(default)]` did.

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A parsed JSON object.
pub struct Json(Object);

impl Json {
    /// `text` parsed, when it is a JSON object (not an array, string or number).
    pub fn parse(text: &str) -> Option<Json> {
        Self::from_value(JSON::parse(text).ok()?)
    }

    /// `value` when it is an object that is not an array (`JSON.parse` gives arrays as objects).
    fn from_value(value: JsValue) -> Option<Json> {
        (value.is_object() && !Array::is_array(&value)).then(|| Json(value.unchecked_into()))
    }

    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &JsValue::from_str(key))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    pub fn str(&self, key: &str) -> Option<String> {
        self.get(key)?.as_string()
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        self.get(key)?.as_f64()
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    /// A nested object.
    pub fn object(&self, key: &str) -> Option<Json> {
        Self::from_value(self.get(key)?)
    }

    /// The strings of an array field; other items are skipped, a missing field is empty.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.get(key)
            .filter(Array::is_array)
            .map(|value| {
                Array::from(&value)
                    .iter()
                    .filter_map(|item| item.as_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A JSON string value, e.g. a token sent as `"abc"` instead of plain text.
pub fn parse_string(text: &str) -> Option<String> {
    JSON::parse(text).ok()?.as_string()
}

/// A JSON object of string fields (request bodies), escaped by the browser.
pub fn object_of(fields: &[(&str, &str)]) -> String {
    let object = Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    JSON::stringify(&object)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "{}".to_owned())
}
