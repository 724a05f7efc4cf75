//! Typed request bodies that reject in the dialect's own error shape.
//!
//! [`JsonBody<T, E>`] and [`FormBody<T, E>`] decode with axum's [`Json`](axum::Json) and
//! [`Form`](axum::Form) into a `#[derive(Deserialize)]` struct `T`. A rejection becomes a
//! [`BodyError`], which names the problem in no dialect's words, and then the dialect's error
//! `E` through `E: From<BodyError>`. Each dialect names its own alias, e.g.
//! `type Body<T> = JsonBody<T, EnirisError>`.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

/// Why a request body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the server's body limit.
    TooLarge,
    /// The body could not be read (broken connection, bad transfer encoding).
    Unreadable,
    /// A form endpoint got another `Content-Type`.
    WrongContentType { expected: &'static str },
    /// Not JSON at all (the parser's message, with its position).
    Malformed(String),
    /// Well-formed JSON, but not an object (every vendor body is one; serde alone would read
    /// an array positionally into a struct).
    NotAnObject,
    /// A required property is absent; `field` is its path (`trusted_device.fingerprint`).
    Missing { field: String },
    /// A property (`field`), or the body itself (`None`), has the wrong type or value;
    /// `problem` is serde's description without a position, e.g.
    /// ``invalid type: integer `5`, expected a string``.
    Invalid {
        field: Option<String>,
        problem: String,
    },
}

impl BodyError {
    /// What serde expected when the problem is a wrong type (`a string`, `a boolean`).
    pub fn expected(problem: &str) -> Option<&str> {
        let (_, expected) = problem
            .strip_prefix("invalid type: ")?
            .split_once(", expected ")?;
        Some(expected)
    }

    /// [`BodyError::expected`] without its article (`a string` -> `string`).
    pub fn expected_type(problem: &str) -> Option<&str> {
        let expected = Self::expected(problem)?;
        Some(
            expected
                .strip_prefix("a ")
                .or_else(|| expected.strip_prefix("an "))
                .unwrap_or(expected),
        )
    }

    fn from_bytes(rejection: &BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::TooLarge
        } else {
            Self::Unreadable
        }
    }

    /// Reads serde's path and message out of a deserialization failure.
    fn from_deserializer<E: std::fmt::Display>(
        error: &serde_path_to_error::Error<E>,
        position: Option<(usize, usize)>,
    ) -> Self {
        let mut path = String::new();
        for segment in error.path().iter() {
            match segment {
                Segment::Seq { index } => path.push_str(&format!("[{index}]")),
                Segment::Map { key } | Segment::Enum { variant: key } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Unknown => {}
            }
        }
        let mut problem = error.inner().to_string();
        if let Some((line, column)) = position.filter(|&(line, _)| line > 0) {
            let suffix = format!(" at line {line} column {column}");
            if let Some(stripped) = problem.strip_suffix(&suffix) {
                problem.truncate(stripped.len());
            }
        }
        let missing = problem
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        match missing {
            Some(name) if path.is_empty() => Self::Missing {
                field: name.to_owned(),
            },
            Some(name) => Self::Missing {
                field: format!("{path}.{name}"),
            },
            None => Self::Invalid {
                field: (!path.is_empty()).then_some(path),
                problem,
            },
        }
    }
}

/// The first error in `error`'s source chain of type `T`.
fn find_source<'a, T: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

impl From<JsonRejection> for BodyError {
    fn from(rejection: JsonRejection) -> Self {
        match &rejection {
            JsonRejection::BytesRejection(bytes) => return Self::from_bytes(bytes),
            JsonRejection::MissingJsonContentType(_) => {
                return Self::WrongContentType {
                    expected: "application/json",
                };
            }
            _ => {}
        }
        type PathError = serde_path_to_error::Error<serde_json::Error>;
        if let Some(error) = find_source::<PathError>(&rejection) {
            let json = error.inner();
            if json.is_data() {
                return Self::from_deserializer(error, Some((json.line(), json.column())));
            }
            return Self::Malformed(json.to_string());
        }
        match find_source::<serde_json::Error>(&rejection) {
            Some(json) => Self::Malformed(json.to_string()),
            None => Self::Malformed(rejection.body_text()),
        }
    }
}

impl From<FormRejection> for BodyError {
    fn from(rejection: FormRejection) -> Self {
        match &rejection {
            FormRejection::BytesRejection(bytes) => return Self::from_bytes(bytes),
            FormRejection::InvalidFormContentType(_) => {
                return Self::WrongContentType {
                    expected: "application/x-www-form-urlencoded",
                };
            }
            _ => {}
        }
        // `serde_urlencoded`'s error type is serde's plain value error.
        type PathError = serde_path_to_error::Error<serde::de::value::Error>;
        match find_source::<PathError>(&rejection) {
            Some(error) => Self::from_deserializer(error, None),
            None => Self::Malformed(rejection.body_text()),
        }
    }
}

/// A JSON body decoded into `T`, rejecting with the dialect error `E`.
///
/// An empty (or all-whitespace) body reads as `{}`, since several vendor endpoints take an
/// empty object and clients often send nothing. The `Content-Type` is not checked: the JSON
/// parse is the real check, and vendor clients differ in what they send. Handlers
/// destructure it as `JsonBody(request, _)`.
pub struct JsonBody<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequest<S> for JsonBody<T, E>
where
    T: DeserializeOwned,
    E: From<BodyError> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| E::from(BodyError::from_bytes(&rejection)))?;
        let json: &[u8] = match bytes.iter().find(|byte| !byte.is_ascii_whitespace()) {
            None => b"{}",
            Some(b'{') => &bytes,
            Some(_) => {
                return Err(E::from(
                    match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
                        Ok(_) => BodyError::NotAnObject,
                        Err(err) => BodyError::Malformed(err.to_string()),
                    },
                ));
            }
        };
        match axum::Json::<T>::from_bytes(json) {
            Ok(axum::Json(value)) => Ok(Self(value, PhantomData)),
            Err(rejection) => Err(E::from(BodyError::from(rejection))),
        }
    }
}

/// An `application/x-www-form-urlencoded` body decoded into `T`, rejecting with the dialect
/// error `E`.
pub struct FormBody<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequest<S> for FormBody<T, E>
where
    T: DeserializeOwned,
    E: From<BodyError> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Self(value, PhantomData)),
            Err(rejection) => Err(E::from(BodyError::from(rejection))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Device {
        fingerprint: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        code: String,
        device: Option<Device>,
        remember: Option<bool>,
    }

    fn json(text: &str) -> BodyError {
        BodyError::from(axum::Json::<Login>::from_bytes(text.as_bytes()).unwrap_err())
    }

    #[test]
    fn json_failures_name_the_field_and_the_problem() {
        assert_eq!(
            json(r#"{"remember": true}"#),
            BodyError::Missing {
                field: "code".into()
            }
        );
        assert_eq!(
            json(r#"{"code": "1", "device": {}}"#),
            BodyError::Missing {
                field: "device.fingerprint".into()
            }
        );
        let BodyError::Invalid { field, problem } = json(r#"{"code": 5}"#) else {
            panic!("not a type error");
        };
        assert_eq!(field.as_deref(), Some("code"));
        assert_eq!(problem, "invalid type: integer `5`, expected a string");
        assert_eq!(BodyError::expected_type(&problem), Some("string"));
        let BodyError::Invalid { field, problem } = json("5") else {
            panic!("not a type error");
        };
        assert_eq!(field, None);
        assert!(problem.starts_with("invalid type: integer"), "{problem}");
        assert_eq!(
            json(r#"{"code": "#),
            BodyError::Malformed("EOF while parsing a value at line 1 column 9".into())
        );
        assert!(matches!(
            json(r#"{"code": "1"} x"#),
            BodyError::Malformed(_)
        ));
    }

    #[test]
    fn form_failures_name_the_field_and_the_problem() {
        let form = |text: &str| {
            let request = Request::builder()
                .method("POST")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(text.to_owned()))
                .unwrap();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            runtime
                .block_on(axum::Form::<Login>::from_request(request, &()))
                .map(|_| ())
                .map_err(BodyError::from)
        };
        assert_eq!(form("code=1&remember=true"), Ok(()));
        assert_eq!(
            form("remember=true"),
            Err(BodyError::Missing {
                field: "code".into()
            })
        );
        let Err(BodyError::Invalid { field, .. }) = form("code=1&remember=maybe") else {
            panic!("not a value error");
        };
        assert_eq!(field.as_deref(), Some("remember"));
    }
}
