//! Which addresses a fetch may connect to: anywhere (the command line reads what its user
//! names), or public addresses only (a server fetching pages for its clients must not be
//! turned against the machine it runs on or the network behind it).
//!
//! The check is made on the addresses a host name resolves to, by the resolver that hands
//! them to the connection itself, so a name that resolves to a private address — or that
//! changes its answer between two lookups — is refused too, and so is every redirect.

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Which addresses a fetch may connect to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddressPolicy {
    /// Any address (the command line: its user may read a page on their own network).
    #[default]
    Any,
    /// Public addresses only: no loopback, private, link-local, unique-local, multicast,
    /// shared (carrier-grade NAT), documentation, reserved or unspecified address, whatever
    /// name leads there and after every redirect — except the addresses listed. Proxies from
    /// the environment are not used (the proxy, not docbao, would resolve the name).
    PublicOnly {
        /// Addresses allowed all the same (an intranet site an operator trusts).
        except: Vec<AllowedAddress>,
    },
}

impl AddressPolicy {
    /// Public addresses only, with no exception.
    pub fn public_only() -> AddressPolicy {
        AddressPolicy::PublicOnly { except: Vec::new() }
    }

    /// Whether a connection to `address` is allowed.
    pub fn allows(&self, address: SocketAddr) -> bool {
        match self {
            AddressPolicy::Any => true,
            AddressPolicy::PublicOnly { except } => {
                is_public(address.ip()) || except.iter().any(|allowed| allowed.matches(address))
            }
        }
    }
}

/// An address allowed despite [`AddressPolicy::PublicOnly`]: an IP address, on any port or on
/// one (`10.0.0.5`, `127.0.0.1:8080`, `[::1]:8080`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllowedAddress {
    /// The address.
    pub ip: IpAddr,
    /// The port; `None`: any.
    pub port: Option<u16>,
}

impl AllowedAddress {
    fn matches(&self, address: SocketAddr) -> bool {
        canonical(self.ip) == canonical(address.ip())
            && self.port.is_none_or(|port| port == address.port())
    }
}

impl FromStr for AllowedAddress {
    type Err = String;

    fn from_str(text: &str) -> Result<AllowedAddress, String> {
        let text = text.trim();
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(AllowedAddress { ip, port: None });
        }
        if let Ok(address) = text.parse::<SocketAddr>() {
            return Ok(AllowedAddress {
                ip: address.ip(),
                port: Some(address.port()),
            });
        }
        Err(format!(
            "'{text}' is not an IP address (10.0.0.5) or an address and port (10.0.0.5:8080, [::1]:8080)"
        ))
    }
}

impl fmt::Display for AllowedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => SocketAddr::new(self.ip, port).fmt(f),
            None => self.ip.fmt(f),
        }
    }
}

/// Whether `ip` is an address on the public internet: not loopback, private (10/8,
/// 172.16/12, 192.168/16), shared (100.64/10), link-local (169.254/16, fe80::/10),
/// unique-local (fc00::/7), multicast, broadcast, documentation, benchmarking, reserved or
/// unspecified. IPv4 addresses inside IPv6 ones (`::ffff:127.0.0.1`, NAT64 `64:ff9b::/96`,
/// 6to4 `2002::/16`) are judged as the IPv4 address they carry.
pub fn is_public(ip: IpAddr) -> bool {
    kind(ip).is_none()
}

/// What kind of non-public address `ip` is, in a few words; `None` for a public one.
pub fn kind(ip: IpAddr) -> Option<&'static str> {
    match canonical(ip) {
        IpAddr::V4(v4) => kind_v4(v4),
        IpAddr::V6(v6) => kind_v6(v6),
    }
}

/// An IPv6 address that carries an IPv4 one, as that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            if let Some(v4) = v6.to_ipv4_mapped() {
                IpAddr::V4(v4)
            } else if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || s[..6] == [0; 6] && s[6] != 0 {
                // NAT64 (RFC 6052), and the deprecated IPv4-compatible form (::a.b.c.d).
                IpAddr::V4(Ipv4Addr::new(
                    (s[6] >> 8) as u8,
                    s[6] as u8,
                    (s[7] >> 8) as u8,
                    s[7] as u8,
                ))
            } else if s[0] == 0x2002 {
                // 6to4 (RFC 3056): the IPv4 address follows the prefix.
                IpAddr::V4(Ipv4Addr::new(
                    (s[1] >> 8) as u8,
                    s[1] as u8,
                    (s[2] >> 8) as u8,
                    s[2] as u8,
                ))
            } else {
                ip
            }
        }
        v4 => v4,
    }
}

fn kind_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() || a == 0 => "an unspecified address",
        _ if ip.is_loopback() => "a loopback address",
        _ if ip.is_private() => "a private network address",
        _ if ip.is_link_local() => "a link-local address",
        (100, 64..=127, _) => "a shared (carrier-grade NAT) address",
        (192, 0, 0) => "an IETF protocol address",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "a documentation address",
        (198, 18..=19, _) => "a benchmarking address",
        _ if ip.is_multicast() => "a multicast address",
        _ if ip.is_broadcast() => "the broadcast address",
        _ if a >= 240 => "a reserved address",
        _ => return None,
    })
}

fn kind_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    Some(match s[0] {
        _ if ip.is_unspecified() => "an unspecified address",
        _ if ip.is_loopback() => "a loopback address",
        0xfc00..=0xfdff => "a unique local address",
        0xfe80..=0xfebf => "a link-local address",
        0xfec0..=0xfeff => "a site-local address",
        0xff00..=0xffff => "a multicast address",
        0x2001 if s[1] == 0x0db8 => "a documentation address",
        // Teredo tunnels (2001::/32) and the ORCHID and benchmarking ranges (2001:2::/48,
        // 2001:10::/28, 2001:20::/28) lead nowhere a page should be.
        0x2001 if s[1] == 0 || s[1] == 2 || (0x10..=0x2f).contains(&s[1]) => "a reserved address",
        0x0100 if s[1..4] == [0, 0, 0] => "a discard address",
        // Only 2000::/3 is the global unicast space.
        _ if !(0x2000..=0x3fff).contains(&s[0]) => "a reserved address",
        _ => return None,
    })
}

/// Why an address was refused: carried inside the resolver's error so that the fetch can
/// say which address it was.
#[derive(Debug)]
pub(super) struct Refused {
    pub address: IpAddr,
    pub kind: &'static str,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is {}", self.address, self.kind)
    }
}

impl std::error::Error for Refused {}

/// ureq's own resolver, with every address it finds checked against the policy: one address
/// not allowed refuses the whole name (a name that mixes public and private answers is not
/// one to trust).
#[derive(Debug)]
pub(super) struct GuardedResolver {
    policy: AddressPolicy,
    inner: DefaultResolver,
}

impl GuardedResolver {
    pub fn new(policy: AddressPolicy) -> GuardedResolver {
        GuardedResolver {
            policy,
            inner: DefaultResolver::default(),
        }
    }
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addresses = self.inner.resolve(uri, config, timeout)?;
        if let Some(refused) = addresses.iter().find(|a| !self.policy.allows(**a)) {
            let ip = refused.ip();
            return Err(ureq::Error::Io(io::Error::new(
                io::ErrorKind::PermissionDenied,
                Refused {
                    address: ip,
                    kind: kind(ip).unwrap_or("not allowed"),
                },
            )));
        }
        Ok(addresses)
    }
}

/// The refusal inside `error`, if it is one.
pub(super) fn refusal(error: &ureq::Error) -> Option<&Refused> {
    match error {
        ureq::Error::Io(e) => e.get_ref()?.downcast_ref::<Refused>(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap())
    }

    #[test]
    fn private_and_local_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "100::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:a00:1::1",
            "::127.0.0.1",
        ] {
            assert!(!public(address), "{address} should not be public");
        }
    }

    #[test]
    fn public_addresses_are() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.1.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(public(address), "{address} should be public");
        }
    }

    #[test]
    fn exceptions_match_the_address_and_port_given() {
        let policy = AddressPolicy::PublicOnly {
            except: vec![
                "127.0.0.1:8080".parse().unwrap(),
                "10.0.0.5".parse().unwrap(),
            ],
        };
        let allows = |text: &str| policy.allows(text.parse().unwrap());
        assert!(allows("127.0.0.1:8080"));
        assert!(allows("[::ffff:127.0.0.1]:8080"));
        assert!(!allows("127.0.0.1:8081"));
        assert!(allows("10.0.0.5:80"));
        assert!(allows("10.0.0.5:443"));
        assert!(!allows("10.0.0.6:80"));
        assert!(allows("93.184.216.34:80"));
        assert!(AddressPolicy::Any.allows("127.0.0.1:1".parse().unwrap()));
        assert!("localhost".parse::<AllowedAddress>().is_err());
        assert_eq!(
            "[::1]:80".parse::<AllowedAddress>().unwrap().to_string(),
            "[::1]:80"
        );
    }
}
