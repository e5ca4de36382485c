//! National Provider Identifiers with a valid check digit.
//!
//! Apps and validators check an NPI's Luhn digit (computed over the prefix `80840`
//! followed by the first nine digits), so a directory full of random ten-digit numbers
//! would fail them where the real one passes.

/// The NPI identifier system.
pub const NPI_SYSTEM: &str = "http://hl7.org/fhir/sid/us-npi";

/// The check digit for the first nine digits of an NPI.
pub fn check_digit(first_nine: u32) -> u32 {
    let digits = format!("80840{first_nine:09}");
    let mut sum = 0;
    // Luhn: double every second digit counting from the right of the full number,
    // whose rightmost digit is the check digit itself, so start doubling at the end.
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    (10 - sum % 10) % 10
}

/// A ten-digit NPI from nine digits (individuals start with 1, organizations with 2).
pub fn npi(first_nine: u32) -> String {
    format!("{first_nine:09}{}", check_digit(first_nine))
}

/// Whether `npi` is ten digits with a valid check digit (what the tests hold the
/// generated directory to).
#[cfg(test)]
pub fn is_valid(npi: &str) -> bool {
    npi.len() == 10
        && npi.bytes().all(|b| b.is_ascii_digit())
        && npi[..9]
            .parse::<u32>()
            .is_ok_and(|n| npi[9..].parse::<u32>() == Ok(check_digit(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cms_example_npi_has_check_digit_3() {
        // CMS's published example: 123456789 -> 1234567893.
        assert_eq!(npi(123_456_789), "1234567893");
        assert!(is_valid("1234567893"));
        assert!(!is_valid("1234567890"));
        assert!(!is_valid("123456789"));
    }
}
