//! The Provider Directory API's resource types with the Da Vinci PDex Plan-Net 1.1.0
//! search parameters, includes and revincludes.

use crate::fhir::definition::{Api, ResourceDef, Step};
use crate::fhir::profiles::{carin, plan_net};
use crate::{param, path};

macro_rules! pn {
    ($name:literal) => {
        concat!(
            "http://hl7.org/fhir/us/davinci-pdex-plan-net/SearchParameter/",
            $name
        )
    };
}

/// PractitionerRole's `network` lives in an extension, not a core element.
const NETWORK_EXTENSION: &[Step] = &[
    Step::Field("extension"),
    Step::Extension(plan_net::NETWORK_REFERENCE),
    Step::Field("valueReference"),
];

/// Every Provider Directory type, in the order of the portal guide (3.7.2.2).
// One row per search parameter reads best as a table: rustfmt would spread each over six lines.
#[rustfmt::skip]
pub const TYPES: &[ResourceDef] = &[
    ResourceDef {
        name: "Endpoint",
        api: Api::Directory,
        profile: plan_net::ENDPOINT,
        supported_profiles: &[plan_net::ENDPOINT],
        params: &[
            param!("organization", Reference -> ["Organization"], [path!("managingOrganization")], pn!("endpoint-organization")),
            param!("connection-type", Token, [path!("connectionType")], pn!("endpoint-connection-type")),
            param!("identifier", Token, [path!("identifier")], pn!("endpoint-identifier")),
            param!("mime-type", Token, [path!("payloadMimeType")], pn!("endpoint-mime-type")),
            param!("payload-type", Token, [path!("payloadType")], pn!("endpoint-payload-type")),
            param!("name", String, [path!("name")], pn!("endpoint-name")),
        ],
        includes: &["organization"],
        revincludes: &[],
    },
    ResourceDef {
        name: "HealthcareService",
        api: Api::Directory,
        profile: plan_net::HEALTHCARE_SERVICE,
        supported_profiles: &[plan_net::HEALTHCARE_SERVICE],
        params: &[
            param!("organization", Reference -> ["Organization"], [path!("providedBy")], pn!("healthcareservice-organization")),
            param!("location", Reference -> ["Location"], [path!("location")], pn!("healthcareservice-location")),
            param!("coverage-area", Reference -> ["Location"], [path!("coverageArea")], pn!("healthcareservice-coverage-area")),
            param!("endpoint", Reference -> ["Endpoint"], [path!("endpoint")], pn!("healthcareservice-endpoint")),
            param!("service-category", Token, [path!("category")], pn!("healthcareservice-service-category")),
            param!("service-type", Token, [path!("type")], pn!("healthcareservice-service-type")),
            param!("specialty", Token, [path!("specialty")], pn!("healthcareservice-specialty")),
            param!("name", String, [path!("name")], pn!("healthcareservice-name")),
        ],
        includes: &["organization", "location", "coverage-area", "endpoint"],
        revincludes: &["PractitionerRole:service", "OrganizationAffiliation:service"],
    },
    ResourceDef {
        name: "InsurancePlan",
        api: Api::Directory,
        profile: plan_net::INSURANCE_PLAN,
        supported_profiles: &[plan_net::INSURANCE_PLAN],
        params: &[
            param!("administered-by", Reference -> ["Organization"], [path!("administeredBy")], pn!("insuranceplan-administered-by")),
            param!("owned-by", Reference -> ["Organization"], [path!("ownedBy")], pn!("insuranceplan-owned-by")),
            param!("coverage-area", Reference -> ["Location"], [path!("coverageArea")], pn!("insuranceplan-coverage-area")),
            param!("endpoint", Reference -> ["Endpoint"], [path!("endpoint")], pn!("insuranceplan-endpoint")),
            param!("network", Reference -> ["Organization"], [path!("network")], pn!("insuranceplan-network")),
            param!("identifier", Token, [path!("identifier")], pn!("insuranceplan-identifier")),
            param!("plan-type", Token, [path!("plan", "type")], pn!("insuranceplan-plan-type")),
            param!("type", Token, [path!("type")], pn!("insuranceplan-type")),
            param!("name", String, [path!("name"), path!("alias")], pn!("insuranceplan-name")),
        ],
        includes: &["administered-by", "owned-by", "coverage-area", "endpoint", "network"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Location",
        api: Api::Directory,
        profile: plan_net::LOCATION,
        supported_profiles: &[plan_net::LOCATION],
        params: &[
            param!("address", String, [path!("address")], pn!("location-address")),
            param!("address-city", String, [path!("address", "city")], pn!("location-address-city")),
            param!("address-state", String, [path!("address", "state")], pn!("location-address-state")),
            param!("address-postalcode", String, [path!("address", "postalCode")], pn!("location-address-postalcode")),
            param!("organization", Reference -> ["Organization"], [path!("managingOrganization")], pn!("location-organization")),
            param!("partof", Reference -> ["Location"], [path!("partOf")], pn!("location-partof")),
            param!("endpoint", Reference -> ["Endpoint"], [path!("endpoint")], pn!("location-endpoint")),
            param!("type", Token, [path!("type")], pn!("location-type")),
            param!("name", String, [path!("name"), path!("alias")], pn!("location-name")),
        ],
        includes: &["organization", "partof", "endpoint"],
        revincludes: &[
            "PractitionerRole:location",
            "HealthcareService:location",
            "OrganizationAffiliation:location",
            "Location:partof",
        ],
    },
    ResourceDef {
        name: "OrganizationAffiliation",
        api: Api::Directory,
        profile: plan_net::ORGANIZATION_AFFILIATION,
        supported_profiles: &[plan_net::ORGANIZATION_AFFILIATION],
        params: &[
            param!("primary-organization", Reference -> ["Organization"], [path!("organization")], pn!("organizationaffiliation-primary-organization")),
            param!("participating-organization", Reference -> ["Organization"], [path!("participatingOrganization")], pn!("organizationaffiliation-participating-organization")),
            param!("location", Reference -> ["Location"], [path!("location")], pn!("organizationaffiliation-location")),
            param!("service", Reference -> ["HealthcareService"], [path!("healthcareService")], pn!("organizationaffiliation-service")),
            param!("network", Reference -> ["Organization"], [path!("network")], pn!("organizationaffiliation-network")),
            param!("endpoint", Reference -> ["Endpoint"], [path!("endpoint")], pn!("organizationaffiliation-endpoint")),
            param!("role", Token, [path!("code")], pn!("organizationaffiliation-role")),
            param!("specialty", Token, [path!("specialty")], pn!("organizationaffiliation-specialty")),
        ],
        includes: &["primary-organization", "participating-organization", "location", "service", "network", "endpoint"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Organization",
        api: Api::Directory,
        profile: plan_net::ORGANIZATION,
        supported_profiles: &[plan_net::ORGANIZATION, plan_net::NETWORK, carin::ORGANIZATION],
        params: &[
            param!("name", String, [path!("name"), path!("alias")], pn!("organization-name")),
            param!("address", String, [path!("address")], pn!("organization-address")),
            param!("partof", Reference -> ["Organization"], [path!("partOf")], pn!("organization-partof")),
            param!("endpoint", Reference -> ["Endpoint"], [path!("endpoint")], pn!("organization-endpoint")),
            param!("type", Token, [path!("type")], pn!("organization-type")),
            param!("identifier", Token, [path!("identifier")], "http://hl7.org/fhir/SearchParameter/Organization-identifier"),
        ],
        includes: &["partof", "endpoint"],
        revincludes: &[
            "PractitionerRole:organization",
            "PractitionerRole:network",
            "OrganizationAffiliation:primary-organization",
            "OrganizationAffiliation:participating-organization",
            "Location:organization",
            "HealthcareService:organization",
            "InsurancePlan:administered-by",
            "InsurancePlan:owned-by",
            "Endpoint:organization",
            "Organization:partof",
        ],
    },
    ResourceDef {
        name: "PractitionerRole",
        api: Api::Directory,
        profile: plan_net::PRACTITIONER_ROLE,
        supported_profiles: &[plan_net::PRACTITIONER_ROLE],
        params: &[
            param!("practitioner", Reference -> ["Practitioner"], [path!("practitioner")], pn!("practitionerrole-practitioner")),
            param!("organization", Reference -> ["Organization"], [path!("organization")], pn!("practitionerrole-organization")),
            param!("location", Reference -> ["Location"], [path!("location")], pn!("practitionerrole-location")),
            param!("service", Reference -> ["HealthcareService"], [path!("healthcareService")], pn!("practitionerrole-service")),
            param!("network", Reference -> ["Organization"], [NETWORK_EXTENSION], pn!("practitionerrole-network")),
            param!("endpoint", Reference -> ["Endpoint"], [path!("endpoint")], pn!("practitionerrole-endpoint")),
            param!("role", Token, [path!("code")], pn!("practitionerrole-role")),
            param!("specialty", Token, [path!("specialty")], pn!("practitionerrole-specialty")),
        ],
        includes: &["practitioner", "organization", "location", "service", "network", "endpoint"],
        revincludes: &[],
    },
    ResourceDef {
        name: "Practitioner",
        api: Api::Directory,
        profile: plan_net::PRACTITIONER,
        supported_profiles: &[plan_net::PRACTITIONER, carin::PRACTITIONER],
        params: &[
            param!("name", String, [path!("name")], pn!("practitioner-name")),
            param!("family", String, [path!("name", "family")], "http://hl7.org/fhir/SearchParameter/individual-family"),
            param!("given", String, [path!("name", "given")], "http://hl7.org/fhir/SearchParameter/individual-given"),
            param!("identifier", Token, [path!("identifier")], "http://hl7.org/fhir/SearchParameter/Practitioner-identifier"),
            param!("gender", Token, [path!("gender")], "http://hl7.org/fhir/SearchParameter/individual-gender"),
        ],
        includes: &[],
        revincludes: &["PractitionerRole:practitioner"],
    },
];
