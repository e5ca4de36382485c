//! Michigan addresses: the payers modelled here serve Michigan, so members and
//! providers live in real Michigan cities with their real ZIP codes and counties,
//! which is what address searches (`address-city=Lansing`) and apps' maps expect.

use super::rng::SeedRng;
use fake::rand::RngExt;
use serde_json::{Value, json};

/// A Michigan city with one of its ZIP codes and its county.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct City {
    pub name: &'static str,
    pub zip: &'static str,
    pub county: &'static str,
}

const fn city(name: &'static str, zip: &'static str, county: &'static str) -> City {
    City { name, zip, county }
}

/// Cities addresses are drawn from, largest first.
pub const CITIES: &[City] = &[
    city("Detroit", "48201", "Wayne"),
    city("Grand Rapids", "49503", "Kent"),
    city("Warren", "48089", "Macomb"),
    city("Sterling Heights", "48310", "Macomb"),
    city("Ann Arbor", "48104", "Washtenaw"),
    city("Lansing", "48933", "Ingham"),
    city("Dearborn", "48124", "Wayne"),
    city("Clinton Township", "48035", "Macomb"),
    city("Canton", "48187", "Wayne"),
    city("Livonia", "48152", "Wayne"),
    city("Troy", "48084", "Oakland"),
    city("Westland", "48185", "Wayne"),
    city("Farmington Hills", "48334", "Oakland"),
    city("Flint", "48502", "Genesee"),
    city("Kalamazoo", "49007", "Kalamazoo"),
    city("Wyoming", "49509", "Kent"),
    city("Southfield", "48075", "Oakland"),
    city("Rochester Hills", "48307", "Oakland"),
    city("Taylor", "48180", "Wayne"),
    city("Pontiac", "48342", "Oakland"),
    city("St. Clair Shores", "48080", "Macomb"),
    city("Royal Oak", "48067", "Oakland"),
    city("Novi", "48375", "Oakland"),
    city("Dearborn Heights", "48127", "Wayne"),
    city("Battle Creek", "49017", "Calhoun"),
    city("Saginaw", "48601", "Saginaw"),
    city("Kentwood", "49508", "Kent"),
    city("East Lansing", "48823", "Ingham"),
    city("Roseville", "48066", "Macomb"),
    city("Portage", "49002", "Kalamazoo"),
    city("Midland", "48640", "Midland"),
    city("Muskegon", "49440", "Muskegon"),
    city("Holland", "49423", "Ottawa"),
    city("Bay City", "48706", "Bay"),
    city("Jackson", "49201", "Jackson"),
    city("Traverse City", "49684", "Grand Traverse"),
    city("Marquette", "49855", "Marquette"),
    city("Mount Pleasant", "48858", "Isabella"),
    city("Port Huron", "48060", "St. Clair"),
    city("Ypsilanti", "48197", "Washtenaw"),
];

const STREETS: &[&str] = &[
    "Woodward Ave",
    "Michigan Ave",
    "Grand River Ave",
    "Gratiot Ave",
    "Jefferson Ave",
    "Main St",
    "Washington St",
    "Division Ave",
    "Saginaw St",
    "Maple Rd",
    "Huron St",
    "Eastern Ave",
    "Kalamazoo Ave",
    "Fulton St",
    "State St",
    "Lake Shore Dr",
    "Big Beaver Rd",
    "Telegraph Rd",
    "Eight Mile Rd",
    "Plymouth Rd",
];

/// A random city, weighted towards the first (largest) ones.
pub fn random_city(rng: &mut SeedRng) -> City {
    let a = rng.random_range(0..CITIES.len());
    let b = rng.random_range(0..CITIES.len());
    CITIES[a.min(b)]
}

/// A street line such as `1432 Woodward Ave`.
pub fn street_line(rng: &mut SeedRng) -> String {
    format!(
        "{} {}",
        rng.random_range(100..9900),
        STREETS[rng.random_range(0..STREETS.len())]
    )
}

/// A FHIR Address in `city` (use `home` for members, `work` for providers).
pub fn address_in(rng: &mut SeedRng, city: City, use_: &str) -> Value {
    json!({
        "use": use_,
        "type": "both",
        "line": [street_line(rng)],
        "city": city.name,
        "district": city.county,
        "state": "MI",
        "postalCode": city.zip,
        "country": "US"
    })
}

/// A FHIR Address in a random Michigan city.
pub fn address(rng: &mut SeedRng, use_: &str) -> Value {
    let city = random_city(rng);
    address_in(rng, city, use_)
}

/// A Michigan phone number in one of the city's area codes.
pub fn phone(rng: &mut SeedRng) -> String {
    const AREA: &[&str] = &[
        "313", "616", "586", "734", "517", "248", "810", "269", "989",
    ];
    format!(
        "({}) {:03}-{:04}",
        AREA[rng.random_range(0..AREA.len())],
        rng.random_range(200..999),
        rng.random_range(0..10000)
    )
}
