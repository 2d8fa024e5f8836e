//! Numbers in a locale's digits, inside Fluent messages and out.

use fluent_bundle::FluentValue;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

/// ICU4X's decimal formatter for a bundle's language, made once per bundle
/// by Fluent's memoizer.
pub(super) struct Digits(DecimalFormatter);

impl Memoizable for Digits {
    type Args = ();
    type Error = ();

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        formatter(&lang.to_string()).map(Self).ok_or(())
    }
}

pub(super) fn formatter(tag: &str) -> Option<DecimalFormatter> {
    let locale: icu_locale_core::Locale = tag.parse().ok()?;
    DecimalFormatter::try_new(locale.into(), Default::default()).ok()
}

/// Fluent's hook for writing a value: whole numbers in the locale's digits.
pub(super) fn format(value: &FluentValue<'_>, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else { return None };
    let whole = number.value;
    // Only whole numbers are counted here (comments, votes, hours).
    if whole.fract() != 0.0 || whole.abs() > 1e15 {
        return None;
    }
    let n = whole as i64;
    memoizer.with_try_get::<Digits, _, _>((), |digits| digits.0.format(&Decimal::from(n)).to_string()).ok()
}
