//! Names of organizations and people, from fixed pools.
//!
//! Organization names are a Michigan place word and what the organization does
//! (`Grand River Pharmacy`, `Lakeshore Family Medicine`), so a directory search by
//! name finds a believable handful. People's family names come from the `fake`
//! crate's English list; given names come from the pools below, split by gender,
//! because a directory that lists `Dr. Margaret Smith` as male looks broken to
//! anyone reading it (fake's given-name list carries no gender).

use crate::seed::rng::SeedRng;
use fake::Fake;
use fake::faker::name::en::LastName;
use fake::rand::RngExt;

/// Place words organization names start with.
pub const PLACES: &[&str] = &[
    "Lakeshore",
    "Great Lakes",
    "Grand River",
    "Huron Valley",
    "Riverside",
    "Oakland",
    "Maple Grove",
    "Cedar Point",
    "Pine Ridge",
    "Northpoint",
    "Harbor",
    "Woodward",
    "Saginaw Bay",
    "Thumb Area",
    "Superior",
    "Clinton River",
    "Rouge River",
    "Kalamazoo Valley",
    "Lakeview",
    "Northern Lights",
    "Sleeping Bear",
    "Mackinac",
    "Heritage",
    "Summit",
    "Meadowbrook",
    "Straits",
    "Peninsula",
    "Bluewater",
    "Cherry Capital",
    "Arbor",
    "Crossroads",
    "Westshore",
    "Eastside",
    "Tri-County",
    "Hillside",
    "Willow Creek",
    "Old Mission",
    "Silver Lake",
    "Spring Lake",
    "Belle Isle",
    "Au Sable",
    "Thunder Bay",
    "Pere Marquette",
    "Shiawassee",
    "Tittabawassee",
    "Wolverine",
    "Mitten",
    "Keweenaw",
];

/// Given names of women.
const FEMALE: &[&str] = &[
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Betty",
    "Margaret",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Laura",
    "Sharon",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Anna",
    "Brenda",
    "Pamela",
    "Nicole",
    "Emma",
    "Samantha",
    "Katherine",
    "Christine",
    "Rachel",
    "Catherine",
    "Maria",
    "Heather",
    "Diane",
    "Julie",
    "Olivia",
    "Grace",
    "Priya",
    "Mei",
    "Fatima",
    "Aaliyah",
    "Sofia",
    "Hannah",
    "Leila",
    "Nadia",
    "Ana",
    "Lauren",
    "Megan",
    "Alicia",
];

/// Given names of men.
const MALE: &[&str] = &[
    "James",
    "Robert",
    "John",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Timothy",
    "Ronald",
    "Jason",
    "Edward",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Alexander",
    "Patrick",
    "Raj",
    "Wei",
    "Omar",
    "Ahmed",
    "Carlos",
    "Luis",
    "Darnell",
    "Marcus",
    "Hassan",
    "Vikram",
    "Tuan",
    "Kwame",
    "Diego",
    "Nathan",
    "Adam",
    "Peter",
];

/// `male` or `female` with a given name that goes with it, and a family name.
pub struct Person {
    /// FHIR `gender`.
    pub gender: &'static str,
    /// First given name.
    pub given: &'static str,
    /// Second given name, as an initial, for most.
    pub middle_initial: Option<char>,
    /// Family name.
    pub family: &'static str,
}

/// A person drawn from `rng`.
pub fn person(rng: &mut SeedRng) -> Person {
    let female = rng.random_bool(0.5);
    let pool = if female { FEMALE } else { MALE };
    let given = pool[rng.random_range(0..pool.len())];
    let middle_initial = rng
        .random_bool(0.6)
        .then(|| char::from(b'A' + rng.random_range(0..26u8)));
    let family: &'static str = LastName().fake_with_rng(rng);
    Person {
        gender: if female { "female" } else { "male" },
        given,
        middle_initial,
        family,
    }
}

/// Initials of a name's significant words: `Blue Cross Blue Shield of Michigan` is
/// `BCBSM`. Used as `Organization.alias`.
pub fn acronym(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !matches!(*w, "of" | "and" | "&" | "the" | ""))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A DNS label for a name: `Ear, Nose & Throat` is `ear-nose-throat`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '.' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acronym_skips_small_words() {
        assert_eq!(acronym("Blue Cross Blue Shield of Michigan"), "BCBSM");
        assert_eq!(
            acronym("Michigan Department of Health and Human Services"),
            "MDHHS"
        );
        assert_eq!(acronym("Heart & Vascular"), "HV");
    }

    #[test]
    fn a_slug_is_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Ear, Nose & Throat"), "ear-nose-throat");
        assert_eq!(slug("Children's Clinic"), "childrens-clinic");
        assert_eq!(
            slug("St. Clair Shores Pharmacy"),
            "st-clair-shores-pharmacy"
        );
    }

    #[test]
    fn place_words_are_listed_once() {
        let mut seen = std::collections::HashSet::new();
        assert!(PLACES.iter().all(|p| seen.insert(*p)));
    }
}
