//! Mail delivery. Every mail is first written to the outbox table in the same transaction as
//! the state change that caused it; delivery happens after the commit.

use super::model::Mail;

pub trait MailRelay: Send + Sync + 'static {
    /// Hands `mail` on without waiting for the network: it runs on the request's async worker
    /// (the dialects treat mailing operations like any other store write).
    fn deliver(&self, mail: &Mail);
}

/// The embedded default: writes mails to the log.
///
/// In dev mode the whole mail (with its code) is printed, because that log and
/// `GET /dev/outbox` are the only mailbox there is. Otherwise only the recipient and subject
/// are logged, since codes must never reach a production log.
pub struct LogRelay {
    pub show_contents: bool,
}

impl MailRelay for LogRelay {
    fn deliver(&self, mail: &Mail) {
        if self.show_contents {
            tracing::info!(to = %mail.to, subject = %mail.subject, body = %mail.body, "mail (dev outbox)");
        } else {
            tracing::info!(to = %mail.to, subject = %mail.subject, "mail queued");
        }
    }
}

/// Sends through a plain SMTP relay (e.g. a local MTA on `127.0.0.1:25`) that accepts mail
/// without authentication or TLS; the relay does the rest. Failures are logged, not retried.
pub struct SmtpRelay {
    pub address: String,
    pub from: String,
}

impl MailRelay for SmtpRelay {
    fn deliver(&self, mail: &Mail) {
        let address = self.address.clone();
        let from = self.from.clone();
        let mail = mail.clone();
        std::thread::spawn(move || {
            if let Err(err) = smtp_send(&address, &from, &mail) {
                tracing::warn!(to = %mail.to, error = %err, "SMTP delivery failed");
            }
        });
    }
}

fn smtp_send(address: &str, from: &str, mail: &Mail) -> std::io::Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let stream = std::net::TcpStream::connect(address)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let expect = |reader: &mut BufReader<_>, ok: char| -> std::io::Result<()> {
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if !line.starts_with(ok) {
                return Err(std::io::Error::other(format!(
                    "SMTP said: {}",
                    line.trim_end()
                )));
            }
            // Multi-line replies continue with "250-".
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(());
            }
        }
    };
    expect(&mut reader, '2')?;
    for (command, ok) in [
        ("HELO localhost".to_owned(), '2'),
        (format!("MAIL FROM:<{from}>"), '2'),
        (format!("RCPT TO:<{}>", mail.to), '2'),
        ("DATA".to_owned(), '3'),
    ] {
        write!(writer, "{command}\r\n")?;
        expect(&mut reader, ok)?;
    }
    let body = mail.body.replace("\n.", "\n..").replace('\n', "\r\n");
    write!(
        writer,
        "From: {from}\r\nTo: {}\r\nSubject: {}\r\n\r\n{body}\r\n.\r\n",
        mail.to, mail.subject
    )?;
    expect(&mut reader, '2')?;
    write!(writer, "QUIT\r\n")?;
    Ok(())
}
