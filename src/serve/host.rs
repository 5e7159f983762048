//! The names the preview answers for: its defence against DNS rebinding.
//!
//! A web page the editor visits can point a name of its own
//! (`evil.example`) at 127.0.0.1 and then read the preview as if it were
//! its own origin, drafts included. Its requests then carry its own name in
//! `Host`, which is what gives it away: serve answers only requests for the
//! names it is meant to be reached by (see [`AllowedHosts`]).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A host as a request names it (the port left off): a host name in lower
/// case without a trailing dot, or an IP address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A registered name, such as `localhost` or `intranet-pc`.
    Name(String),
    /// An IPv4 address, or an IPv6 one (written in brackets in a URL).
    Ip(IpAddr),
}

impl Host {
    /// Reads a `Host` header value or a URL's authority: `name`,
    /// `name:port`, `1.2.3.4:port`, `[::1]:port`. `None` when it is not one
    /// (RFC 3986 `host [ ":" port ]`, without user information).
    pub fn parse_authority(value: &str) -> Option<Host> {
        let (host, port) = if value.starts_with('[') {
            let end = value.find(']')?;
            (&value[..=end], &value[end + 1..])
        } else {
            value.split_at(value.find(':').unwrap_or(value.len()))
        };
        let port_ok = port.is_empty()
            || port
                .strip_prefix(':')
                .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !port_ok {
            return None;
        }
        Host::parse_host(host)
    }

    /// Reads a host alone, without a port (an `--allow-host` value); an
    /// IPv6 address may leave its brackets off.
    pub fn parse_name(value: &str) -> Result<Host, String> {
        let host = match value.parse::<Ipv6Addr>() {
            Ok(ip) => return Ok(Host::Ip(IpAddr::V6(ip))),
            Err(_) => value,
        };
        match Host::parse_host(host) {
            Some(Host::Name(name)) if name.is_empty() => Err("a host name cannot be empty".into()),
            Some(host) => Ok(host),
            None => Err(
                "not a host name or IP address (give the name alone, without a scheme or port)"
                    .into(),
            ),
        }
    }

    /// `host` of RFC 3986: an IP literal in brackets, an IPv4 address or a
    /// registered name (letters, digits, `-._~`, sub-delims and
    /// percent-escapes; nothing a header or a message could be broken
    /// with).
    fn parse_host(host: &str) -> Option<Host> {
        if let Some(inner) = host.strip_prefix('[') {
            let ip = inner.strip_suffix(']')?.parse::<Ipv6Addr>().ok()?;
            return Some(Host::Ip(IpAddr::V6(ip)));
        }
        if let Ok(ip) = host.parse::<Ipv4Addr>() {
            return Some(Host::Ip(IpAddr::V4(ip)));
        }
        let name_ok = host.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.'
                        | b'_'
                        | b'~'
                        | b'%'
                        | b'!'
                        | b'$'
                        | b'&'
                        | b'\''
                        | b'('
                        | b')'
                        | b'*'
                        | b'+'
                        | b','
                        | b';'
                        | b'='
                )
        });
        if !name_ok {
            return None;
        }
        // `localhost.` is `localhost` to every resolver.
        let name = host.strip_suffix('.').unwrap_or(host);
        Some(Host::Name(name.to_ascii_lowercase()))
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Name(name) => f.write_str(name),
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// The hosts serve answers for: `localhost`, the loopback addresses, the
/// address it listens on and the names given with `--allow-host`.
///
/// Listening on every interface (0.0.0.0 or ::) does not add the
/// machine's other addresses or names: each must be named, so that no name
/// a stranger's DNS points here is ever taken for the preview's own.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    hosts: Vec<Host>,
}

impl AllowedHosts {
    /// The hosts for a server listening on `bind`, with `extra` named.
    pub fn new(bind: IpAddr, extra: &[Host]) -> AllowedHosts {
        let mut hosts = vec![
            Host::Name("localhost".into()),
            Host::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            Host::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)),
            // An address cannot be rebound: only the preview's own pages
            // have it as their origin. This also keeps the address serve
            // prints (0.0.0.0:PORT for all interfaces) working.
            Host::Ip(bind),
        ];
        hosts.extend(extra.iter().cloned());
        AllowedHosts { hosts }
    }

    /// Whether requests for `host` are answered.
    pub fn allows(&self, host: &Host) -> bool {
        let host = match host {
            // An IPv4 address written as IPv6 (`[::ffff:127.0.0.1]`) is
            // the IPv4 one.
            Host::Ip(IpAddr::V6(ip)) => match ip.to_ipv4_mapped() {
                Some(v4) => Host::Ip(IpAddr::V4(v4)),
                None => host.clone(),
            },
            _ => host.clone(),
        };
        self.hosts.contains(&host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Host {
        Host::Name(n.into())
    }

    #[test]
    fn authorities_lose_their_port_and_keep_their_brackets_apart() {
        let ip = |s: &str| Host::Ip(s.parse().unwrap());
        for (value, want) in [
            ("localhost", name("localhost")),
            ("LocalHost:8000", name("localhost")),
            ("localhost.", name("localhost")),
            ("localhost:", name("localhost")),
            ("127.0.0.1:80", ip("127.0.0.1")),
            ("[::1]", ip("::1")),
            ("[0:0:0:0:0:0:0:1]:8000", ip("::1")),
            ("intranet-pc", name("intranet-pc")),
            ("127.1", name("127.1")),
            ("", name("")),
        ] {
            assert_eq!(Host::parse_authority(value), Some(want), "{value}");
        }
        for bad in [
            "local host",
            "localhost:80a",
            "localhost:80:80",
            "a@localhost",
            "[::1",
            "[::1]x",
            "[::1]:8000:",
            "::1",
            "[localhost]",
            "<script>",
            "evil.example/",
            "ev\u{e9}l",
        ] {
            assert_eq!(Host::parse_authority(bad), None, "{bad}");
        }
    }

    #[test]
    fn allow_host_values_are_names_or_addresses_without_a_port() {
        assert_eq!(Host::parse_name("Intranet-PC"), Ok(name("intranet-pc")));
        assert_eq!(
            Host::parse_name("fe80::1"),
            Ok(Host::Ip("fe80::1".parse().unwrap()))
        );
        assert_eq!(
            Host::parse_name("[fe80::1]"),
            Ok(Host::Ip("fe80::1".parse().unwrap()))
        );
        for bad in ["", ".", "pc:8000", "http://pc", "a b", "[::1"] {
            assert!(Host::parse_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_own_names_are_allowed() {
        let hosts = AllowedHosts::new("0.0.0.0".parse().unwrap(), &[name("intranet-pc")]);
        for ok in [
            "localhost",
            "localhost:1",
            "127.0.0.1",
            "[::1]",
            "[::ffff:127.0.0.1]",
            "0.0.0.0:8000",
            "INTRANET-PC:8000",
        ] {
            let host = Host::parse_authority(ok).unwrap();
            assert!(hosts.allows(&host), "{ok}");
        }
        for refused in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.2",
            "192.168.1.10",
            "[::]",
            "",
        ] {
            let host = Host::parse_authority(refused).unwrap();
            assert!(!hosts.allows(&host), "{refused}");
        }
        let on_lan = AllowedHosts::new("192.168.1.10".parse().unwrap(), &[]);
        assert!(on_lan.allows(&Host::parse_authority("192.168.1.10:8000").unwrap()));
    }

    #[test]
    fn hosts_print_as_a_url_has_them() {
        assert_eq!(Host::parse_name("::1").unwrap().to_string(), "[::1]");
        assert_eq!(Host::parse_name("PC").unwrap().to_string(), "pc");
    }
}
