//! Who a member is: name, sex, birth date, race, ethnicity, language and build.
//!
//! Rose Tammy Beltran and Marian Benton have fixed identities because testers type
//! them in and apps display them. Generated members draw a surname from `fake` and a
//! first name from lists split by sex (fake's first names are not, and a Patient
//! called "Bradley" with gender female would look like a data error), and are adults
//! through the whole history (born 1941 to 2000), since the visits and screenings
//! generated are those of adult care.

use super::super::rng::SeedRng;
use super::codes::{CDC_RACE, Code};
use fake::Fake;
use fake::faker::name::en::LastName;
use fake::rand::RngExt;
use time::Date;
use time::macros::date;

/// Administrative gender, which is also the recorded birth sex here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    /// `Patient.gender`.
    pub fn gender(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    /// The US Core birth sex code.
    pub fn birth_sex(self) -> &'static str {
        match self {
            Sex::Female => "F",
            Sex::Male => "M",
        }
    }
}

/// A member's identity and build.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub given: Vec<String>,
    pub family: String,
    pub sex: Sex,
    pub birth: Date,
    /// OMB race category.
    pub race: Code,
    /// OMB ethnicity category.
    pub ethnicity: Code,
    /// Speaks Spanish at home (and prefers it).
    pub spanish: bool,
    pub height_cm: f64,
    /// Weight at the start of the history; it drifts from visit to visit.
    pub weight_kg: f64,
}

impl Person {
    /// "Given Middle Family".
    pub fn full_name(&self) -> String {
        let mut parts = self.given.clone();
        parts.push(self.family.clone());
        parts.join(" ")
    }
}

/// White.
pub const WHITE: Code = Code::new(CDC_RACE, "2106-3", "White");
/// Black or African American.
pub const BLACK: Code = Code::new(CDC_RACE, "2054-5", "Black or African American");
const ASIAN: Code = Code::new(CDC_RACE, "2028-9", "Asian");
const AMERICAN_INDIAN: Code = Code::new(CDC_RACE, "1002-5", "American Indian or Alaska Native");
/// Hispanic or Latino.
pub const HISPANIC: Code = Code::new(CDC_RACE, "2135-2", "Hispanic or Latino");
/// Not Hispanic or Latino.
pub const NOT_HISPANIC: Code = Code::new(CDC_RACE, "2186-5", "Not Hispanic or Latino");

/// dev1's test patient.
pub fn rose() -> Person {
    Person {
        given: vec!["Rose".into(), "Tammy".into()],
        family: "Beltran".into(),
        sex: Sex::Female,
        birth: date!(1997 - 03 - 21),
        race: WHITE,
        ethnicity: HISPANIC,
        spanish: true,
        height_cm: 165.0,
        weight_kg: 61.5,
    }
}

/// The synthetic member every production tenant has (born 1984-07-09).
pub fn marian() -> Person {
    Person {
        given: vec!["Marian".into()],
        family: "Benton".into(),
        sex: Sex::Female,
        birth: date!(1984 - 07 - 09),
        race: BLACK,
        ethnicity: NOT_HISPANIC,
        spanish: false,
        height_cm: 163.0,
        weight_kg: 91.0,
    }
}

/// A generated adult, roughly as Michigan's population is made up.
pub fn generated(rng: &mut SeedRng) -> Person {
    let sex = if rng.random_bool(0.5) {
        Sex::Female
    } else {
        Sex::Male
    };
    let names = match sex {
        Sex::Female => FEMALE_NAMES,
        Sex::Male => MALE_NAMES,
    };
    let mut given = vec![pick(rng, names).to_owned()];
    if rng.random_bool(0.6) {
        let middle = pick(rng, names);
        if middle != given[0] {
            given.push(middle.to_owned());
        }
    }
    let family: String = LastName().fake_with_rng(rng);
    let race = match rng.random_range(0..1000) {
        0..=739 => WHITE,
        740..=879 => BLACK,
        880..=939 => ASIAN,
        _ => AMERICAN_INDIAN,
    };
    let hispanic = rng.random_bool(0.06);
    let (height_cm, bmi) = match sex {
        Sex::Female => (rng.random_range(152.0..176.0), rng.random_range(19.5..36.0)),
        Sex::Male => (rng.random_range(163.0..192.0), rng.random_range(20.5..35.0)),
    };
    let height_cm = round(height_cm, 1);
    let birth_day = rng.random_range(
        date!(1941 - 01 - 01).to_julian_day()..=date!(2000 - 12 - 31).to_julian_day(),
    );
    Person {
        given,
        family,
        sex,
        birth: Date::from_julian_day(birth_day).unwrap_or(date!(1970 - 01 - 01)),
        race,
        ethnicity: if hispanic { HISPANIC } else { NOT_HISPANIC },
        spanish: hispanic && rng.random_bool(0.35),
        height_cm,
        weight_kg: round(bmi * (height_cm / 100.0).powi(2), 1),
    }
}

/// `x` rounded to `places` decimals.
pub fn round(x: f64, places: u8) -> f64 {
    let scale = 10f64.powi(i32::from(places));
    (x * scale).round() / scale
}

/// One element of a non-empty list.
pub fn pick<T: Copy>(rng: &mut SeedRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

const FEMALE_NAMES: &[&str] = &[
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
    "Sandra",
    "Margaret",
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
    "Sharon",
    "Laura",
    "Cynthia",
    "Amy",
    "Kathleen",
    "Angela",
    "Shirley",
    "Brenda",
    "Emma",
    "Anna",
    "Pamela",
    "Nicole",
    "Samantha",
    "Katherine",
    "Christine",
    "Debra",
    "Rachel",
    "Carolyn",
    "Janet",
    "Maria",
    "Olivia",
    "Heather",
    "Helen",
    "Catherine",
    "Diane",
    "Julie",
    "Victoria",
    "Joyce",
    "Lauren",
    "Kelly",
    "Christina",
    "Ruth",
    "Joan",
    "Virginia",
    "Judith",
    "Evelyn",
    "Hannah",
    "Andrea",
    "Megan",
    "Cheryl",
    "Jacqueline",
    "Madison",
    "Teresa",
    "Abigail",
    "Sophia",
    "Martha",
    "Sara",
    "Gloria",
    "Janice",
    "Kathryn",
    "Ann",
    "Isabella",
    "Judy",
    "Charlotte",
    "Julia",
    "Grace",
    "Amber",
    "Alice",
    "Jean",
    "Denise",
    "Frances",
    "Danielle",
    "Marilyn",
    "Natalie",
    "Beverly",
    "Diana",
    "Brittany",
    "Theresa",
    "Kayla",
    "Alexis",
    "Doris",
    "Lori",
    "Tiffany",
];

const MALE_NAMES: &[&str] = &[
    "James",
    "Robert",
    "John",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Christopher",
    "Charles",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Andrew",
    "Paul",
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
    "Brandon",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Alexander",
    "Patrick",
    "Frank",
    "Raymond",
    "Jack",
    "Dennis",
    "Jerry",
    "Tyler",
    "Aaron",
    "Jose",
    "Adam",
    "Nathan",
    "Henry",
    "Zachary",
    "Douglas",
    "Peter",
    "Kyle",
    "Noah",
    "Ethan",
    "Jeremy",
    "Christian",
    "Walter",
    "Keith",
    "Austin",
    "Roger",
    "Terry",
    "Sean",
    "Gerald",
    "Carl",
    "Dylan",
    "Harold",
    "Jordan",
    "Jesse",
    "Bryan",
    "Lawrence",
    "Arthur",
    "Gabriel",
    "Bruce",
    "Logan",
    "Billy",
    "Joe",
    "Alan",
    "Juan",
    "Elijah",
    "Willie",
    "Albert",
    "Wayne",
    "Randy",
    "Mason",
    "Vincent",
    "Liam",
    "Roy",
    "Bobby",
    "Caleb",
    "Bradley",
    "Russell",
    "Lucas",
];
