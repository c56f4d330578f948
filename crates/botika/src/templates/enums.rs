//! The string enums of message templates (status, category, header format, button type). Each
//! reads any case, writes upper case, and keeps values it does not know in `Other`, so a new
//! value from the API never breaks decoding (contract rule 4).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this SDK does not know, as the API sent it.
            Other(String),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire value (`Other` as it was received).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(value) => value,
                }
            }

            /// Parses a wire value, ignoring case.
            pub fn parse(value: &str) -> $name {
                $(if value.eq_ignore_ascii_case($wire) {
                    return $name::$variant;
                })+
                $name::Other(value.to_owned())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> $name {
                $name::parse(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                String::deserialize(deserializer).map(|value| $name::parse(&value))
            }
        }
    };
}

/// The known values of a string enum as an English list (`"A, B or C"`), for error messages.
pub(crate) fn one_of<T>(known: &[T], name: fn(&T) -> &str) -> String {
    let names: Vec<&str> = known.iter().map(name).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

string_enum! {
    /// A template's review status.
    TemplateStatus {
        /// Submitted, waiting for review.
        Pending = "PENDING",
        /// Approved: it can be sent.
        Approved = "APPROVED",
        /// Rejected; see `rejected_reason`.
        Rejected = "REJECTED",
        /// Paused by WhatsApp (for example after poor feedback).
        Paused = "PAUSED",
        /// Disabled by WhatsApp.
        Disabled = "DISABLED",
    }
}

string_enum! {
    /// A template's category.
    TemplateCategory {
        /// Promotions and offers.
        Marketing = "MARKETING",
        /// Updates about an order or an account.
        Utility = "UTILITY",
        /// One-time passcodes.
        Authentication = "AUTHENTICATION",
    }
}

string_enum! {
    /// The format of a template's HEADER.
    HeaderFormat {
        /// A line of text, possibly with `{{1}}`.
        Text = "TEXT",
        /// An image.
        Image = "IMAGE",
        /// A video.
        Video = "VIDEO",
        /// A document.
        Document = "DOCUMENT",
        /// A location pin.
        Location = "LOCATION",
    }
}

string_enum! {
    /// The type of a template button.
    TemplateButtonType {
        /// Sends a payload back when tapped.
        QuickReply = "QUICK_REPLY",
        /// Opens a URL (its suffix can be a variable).
        Url = "URL",
        /// Calls a phone number.
        PhoneNumber = "PHONE_NUMBER",
        /// Copies a code (coupon or one-time password).
        CopyCode = "COPY_CODE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_in_any_case_and_write_upper_case() {
        assert_eq!(TemplateStatus::parse("approved"), TemplateStatus::Approved);
        assert_eq!(
            serde_json::to_value(TemplateStatus::parse("Paused")).unwrap(),
            "PAUSED"
        );
        let category: TemplateCategory = serde_json::from_value("utility".into()).unwrap();
        assert_eq!(category, TemplateCategory::Utility);
        assert_eq!(
            TemplateButtonType::from("copy_code"),
            TemplateButtonType::CopyCode
        );
    }

    #[test]
    fn unknown_values_are_kept_as_received() {
        let status: TemplateStatus = serde_json::from_value("IN_APPEAL".into()).unwrap();
        assert_eq!(status, TemplateStatus::Other("IN_APPEAL".into()));
        assert_eq!(status.to_string(), "IN_APPEAL");
        assert_eq!(serde_json::to_value(&status).unwrap(), "IN_APPEAL");
    }

    #[test]
    fn known_values_are_listed_for_messages() {
        assert_eq!(
            one_of(TemplateCategory::KNOWN, TemplateCategory::as_str),
            "MARKETING, UTILITY or AUTHENTICATION"
        );
        assert_eq!(one_of(&["A"], |s| s), "A");
    }
}
