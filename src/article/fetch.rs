//! Fetching a page over HTTP(S): `ureq` on `rustls`, with a deadline, a size cap, a redirect
//! limit (redirects are followed here, so a loop is told from a long chain and every hop is
//! checked to be http or https) and a User-Agent that says what is asking; on a server, an
//! [`AddressPolicy`] that keeps every hop away from private and local addresses.

use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::unversioned::transport::DefaultConnector;
use url::Url;

use super::Format;
use super::guard::{self, AddressPolicy, GuardedResolver};
use super::input::sniff_format;

/// How docbao fetches a web page.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// The whole fetch — name lookup, connection, redirects, the page itself — must be done
    /// within this long.
    pub timeout: Duration,
    /// The largest page read, in bytes (after decompression).
    pub max_bytes: u64,
    /// How many redirects are followed.
    pub max_redirects: u32,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Which addresses may be connected to (any by default; a server fetching for its
    /// clients takes [`AddressPolicy::PublicOnly`]).
    pub addresses: AddressPolicy,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(20),
            max_bytes: 8 * 1024 * 1024,
            max_redirects: 10,
            user_agent: format!(
                "docbao/{} (text-to-speech article reader; fetches one page when its user asks)",
                env!("CARGO_PKG_VERSION")
            ),
            addresses: AddressPolicy::Any,
        }
    }
}

/// Why a web page could not be fetched. Each message is one sentence naming the address.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The address cannot be parsed.
    #[error("'{url}' is not a web address: {reason}")]
    BadUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not an `http://` or `https://` address.
    #[error("only http:// and https:// addresses can be fetched, not {scheme}: ({url})")]
    UnsupportedScheme {
        /// The address.
        url: String,
        /// Its scheme (`ftp`, `file`, …).
        scheme: String,
    },
    /// The host name has no address.
    #[error("cannot find the server {host} (its name does not resolve to an address)")]
    Dns {
        /// The address.
        url: String,
        /// The host name.
        host: String,
    },
    /// No connection could be made.
    #[error("cannot connect to {host}: {reason}")]
    Connect {
        /// The address.
        url: String,
        /// The host (and port).
        host: String,
        /// What went wrong.
        reason: String,
    },
    /// The secure connection failed.
    #[error("cannot make a secure (TLS) connection to {host}: {reason}")]
    Tls {
        /// The address.
        url: String,
        /// The host.
        host: String,
        /// What went wrong.
        reason: String,
    },
    /// The server took too long.
    #[error("{url} did not answer within {} s", .timeout.as_secs_f64())]
    Timeout {
        /// The address.
        url: String,
        /// The time allowed.
        timeout: Duration,
    },
    /// The server answered with an error status (4xx or 5xx).
    #[error("{}", describe_status(url, *status))]
    Status {
        /// The address.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// More redirects than allowed.
    #[error("{url} redirects more than {max} times")]
    TooManyRedirects {
        /// The address first asked for.
        url: String,
        /// The limit.
        max: u32,
    },
    /// A redirect leads back to an address already visited.
    #[error("{url} redirects in a loop (back to {to})")]
    RedirectLoop {
        /// The address first asked for.
        url: String,
        /// The address visited twice.
        to: String,
    },
    /// A redirect without a usable `Location`.
    #[error("{url} redirects to an address docbao cannot follow ({location})")]
    BadRedirect {
        /// The address that redirected.
        url: String,
        /// Its `Location` header.
        location: String,
    },
    /// The address is not a web page or text.
    #[error("{url} is {}, not a web page", describe_type(content_type))]
    NotHtml {
        /// The final address.
        url: String,
        /// Its `Content-Type`.
        content_type: String,
    },
    /// The page is larger than allowed.
    #[error("{url} is larger than {}, the most docbao reads of a page", describe_size(*limit))]
    TooLarge {
        /// The final address.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The address leads to a private or local address, which the [`AddressPolicy`] refuses.
    #[error(
        "{url} is not fetched: {host} is at {address}, {kind}, and this server fetches public addresses only"
    )]
    Refused {
        /// The address asked for (or redirected to).
        url: String,
        /// Its host.
        host: String,
        /// The address it resolved to.
        address: std::net::IpAddr,
        /// What kind of address that is ("a loopback address").
        kind: &'static str,
    },
    /// The connection failed while the page was being read.
    #[error("the connection to {url} failed while reading the page: {reason}")]
    Read {
        /// The address.
        url: String,
        /// What went wrong.
        reason: String,
    },
}

fn describe_status(url: &str, status: u16) -> String {
    let reason = http_reason(status);
    match status {
        404 | 410 => format!("{url} was not found: the server answered {status} {reason}"),
        401 | 403 => {
            format!("{url} is not open to docbao: the server answered {status} {reason}")
        }
        400..=499 => format!("{url} was refused: the server answered {status} {reason}"),
        _ => format!("the server of {url} failed: it answered {status} {reason}"),
    }
}

fn http_reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ if status < 500 => "(client error)",
        _ => "(server error)",
    }
}

fn describe_type(content_type: &str) -> String {
    let kind = match content_type.split('/').next().unwrap_or_default() {
        "image" => "an image",
        "audio" => "audio",
        "video" => "a video",
        "font" => "a font",
        _ if content_type == "application/pdf" => "a PDF document",
        _ if content_type.contains("json") => "JSON data",
        _ if content_type.contains("zip") || content_type.contains("octet-stream") => {
            "a binary file"
        }
        _ => "a file of another kind",
    };
    format!("{kind} ({content_type})")
}

fn describe_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// A web page as fetched, before it becomes a [`Document`](super::Document): kept, it builds
/// the same document again without another fetch ([`Document::from_page`](super::Document::from_page)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Where it was found, after redirects.
    pub url: Url,
    /// Its bytes, as the server sent them (decompressed).
    pub body: Vec<u8>,
    /// HTML or plain text, by its content type (or its bytes, without one).
    pub format: Format,
    /// The charset the `Content-Type` names.
    pub charset: Option<String>,
}

/// Parses `address` and checks that it is http or https.
fn parse(address: &str) -> Result<Url, FetchError> {
    let url = Url::parse(address.trim()).map_err(|e| FetchError::BadUrl {
        url: address.to_string(),
        reason: e.to_string(),
    })?;
    check_scheme(&url)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl {
            url: address.to_string(),
            reason: "it names no server".into(),
        });
    }
    Ok(url)
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        scheme => Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
            scheme: scheme.to_string(),
        }),
    }
}

/// Fetches `address` (`http://` or `https://` only), following redirects, as `options` say.
pub fn fetch_page(address: &str, options: &FetchOptions) -> Result<Page, FetchError> {
    let first = parse(address)?;
    let deadline = Instant::now() + options.timeout;
    let config = Agent::config_builder()
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(options.user_agent.as_str())
        .accept("text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1");
    let agent = match &options.addresses {
        AddressPolicy::Any => config.build().into(),
        // A proxy would resolve the name itself, out of the guard's sight.
        policy => Agent::with_parts(
            config.proxy(None).build(),
            DefaultConnector::default(),
            GuardedResolver::new(policy.clone()),
        ),
    };
    let mut url = first.clone();
    let mut visited = vec![first.clone()];
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(FetchError::Timeout {
                url: url.to_string(),
                timeout: options.timeout,
            });
        }
        let response = agent
            .get(url.as_str())
            .header("Accept-Language", "vi, en;q=0.8")
            .config()
            .timeout_global(Some(remaining))
            .build()
            .call()
            .map_err(|e| classify(e, &url, options))?;
        let status = response.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let location = response
                .headers()
                .get("location")
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let next = url
                .join(&location)
                .ok()
                .filter(|_| !location.trim().is_empty())
                .ok_or_else(|| FetchError::BadRedirect {
                    url: url.to_string(),
                    location: location.clone(),
                })?;
            check_scheme(&next)?;
            if visited.contains(&next) {
                return Err(FetchError::RedirectLoop {
                    url: first.to_string(),
                    to: next.to_string(),
                });
            }
            if visited.len() > options.max_redirects as usize {
                return Err(FetchError::TooManyRedirects {
                    url: first.to_string(),
                    max: options.max_redirects,
                });
            }
            visited.push(next.clone());
            url = next;
            continue;
        }
        if status >= 400 {
            return Err(FetchError::Status {
                url: url.to_string(),
                status,
            });
        }
        let body = response.into_body();
        let mime = body.mime_type().map(str::to_ascii_lowercase);
        let charset = body.charset().map(str::to_string);
        let format = match mime.as_deref() {
            Some("text/html" | "application/xhtml+xml") => Some(Format::Html),
            Some("text/plain") => Some(Format::Text),
            None | Some("" | "application/octet-stream") => None,
            Some(other) => {
                return Err(FetchError::NotHtml {
                    url: url.to_string(),
                    content_type: other.to_string(),
                });
            }
        };
        if body.content_length().is_some_and(|n| n > options.max_bytes) {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
                limit: options.max_bytes,
            });
        }
        let mut body = body;
        let bytes = body
            .with_config()
            .limit(options.max_bytes)
            .read_to_vec()
            .map_err(|e| classify(e, &url, options))?;
        let format = match format {
            Some(format) => format,
            None if std::str::from_utf8(&bytes).is_ok() || sniff_format(&bytes) == Format::Html => {
                sniff_format(&bytes)
            }
            None => {
                return Err(FetchError::NotHtml {
                    url: url.to_string(),
                    content_type: mime.unwrap_or_else(|| "application/octet-stream".into()),
                });
            }
        };
        return Ok(Page {
            url,
            body: bytes,
            format,
            charset,
        });
    }
}

/// Turns ureq's error into one that says what happened to this address.
fn classify(error: ureq::Error, url: &Url, options: &FetchOptions) -> FetchError {
    let host = url.host_str().unwrap_or_default().to_string();
    if let Some(refused) = guard::refusal(&error) {
        return FetchError::Refused {
            url: url.to_string(),
            host,
            address: refused.address,
            kind: refused.kind,
        };
    }
    let host_port = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.clone(),
    };
    let url = url.to_string();
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url,
            timeout: options.timeout,
        },
        ureq::Error::HostNotFound => FetchError::Dns { url, host },
        ureq::Error::Io(e) if e.to_string().contains("lookup address") => {
            FetchError::Dns { url, host }
        }
        ureq::Error::Io(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
                    | std::io::ErrorKind::AddrNotAvailable
            ) =>
        {
            FetchError::Connect {
                url,
                host: host_port,
                reason: match e.kind() {
                    std::io::ErrorKind::ConnectionRefused => {
                        "the connection was refused (nothing answers on that port)".into()
                    }
                    std::io::ErrorKind::HostUnreachable => "the host is unreachable".into(),
                    std::io::ErrorKind::NetworkUnreachable => "the network is unreachable".into(),
                    _ => e.to_string(),
                },
            }
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
            url,
            timeout: options.timeout,
        },
        ureq::Error::ConnectionFailed => FetchError::Connect {
            url,
            host: host_port,
            reason: "the connection failed".into(),
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url,
            limit: options.max_bytes,
        },
        ureq::Error::BadUri(reason) => FetchError::BadUrl { url, reason },
        ureq::Error::Tls(reason) => FetchError::Tls {
            url,
            host,
            reason: reason.to_string(),
        },
        ureq::Error::Rustls(e) => FetchError::Tls {
            url,
            host,
            reason: e.to_string(),
        },
        other => FetchError::Read {
            url,
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https() {
        assert!(parse("https://example.vn/bai-viet.html").is_ok());
        assert!(parse("HTTP://example.vn").is_ok());
        for address in [
            "ftp://example.vn/a.txt",
            "file:///etc/passwd",
            "data:text/html,hi",
        ] {
            assert!(
                matches!(parse(address), Err(FetchError::UnsupportedScheme { .. })),
                "{address}"
            );
        }
        assert!(matches!(parse("http://"), Err(FetchError::BadUrl { .. })));
    }

    #[test]
    fn messages_are_one_sentence() {
        let status = |status| FetchError::Status {
            url: "http://x.vn/a".into(),
            status,
        };
        assert_eq!(
            status(404).to_string(),
            "http://x.vn/a was not found: the server answered 404 Not Found"
        );
        assert_eq!(
            status(503).to_string(),
            "the server of http://x.vn/a failed: it answered 503 Service Unavailable"
        );
        let not_html = FetchError::NotHtml {
            url: "http://x.vn/a.png".into(),
            content_type: "image/png".into(),
        };
        assert_eq!(
            not_html.to_string(),
            "http://x.vn/a.png is an image (image/png), not a web page"
        );
        let large = FetchError::TooLarge {
            url: "http://x.vn/".into(),
            limit: 8 * 1024 * 1024,
        };
        assert_eq!(
            large.to_string(),
            "http://x.vn/ is larger than 8 MiB, the most docbao reads of a page"
        );
    }
}
