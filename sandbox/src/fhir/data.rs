//! The FHIR data each tenant serves: its provider directory, built once on first use
//! (or at start-up by `conform serve`), and its members' records, built per member
//! when a token first asks for them and kept in a bounded cache.
//!
//! Both are pure functions of the seed, so the cache can drop a member at any time
//! and rebuild the same bytes later. Nothing here changes after it is built, which is
//! why the FHIR data is not in the store: there is nothing to persist or lose.

use super::definition::{Api, ResourceDef};
use super::search::Tables;
use super::table::Table;
use super::types;
use crate::config::SandboxConfig;
use crate::seed::{clinical, directory, members};
use crate::tenants::Tenant;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Members' records kept built at once per tenant; beyond it the cache starts over.
const CACHED_COMPARTMENTS: usize = 4096;

/// Every tenant's FHIR data.
#[derive(Debug)]
pub struct FhirData {
    tenants: HashMap<String, TenantData>,
}

/// How one tenant's directory was built, for the start-up log and the benchmark.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub tenant: String,
    pub built_in: Duration,
    pub resources: usize,
}

/// One tenant's FHIR data.
#[derive(Debug)]
pub struct TenantData {
    tenant: Tenant,
    seed: u64,
    scale: crate::seed::scale::DirectoryScale,
    directory: OnceLock<Arc<Directory>>,
    compartments: Mutex<HashMap<String, Arc<Compartment>>>,
}

/// A set of tables, one per resource type.
#[derive(Debug, Default)]
pub struct TypeTables {
    tables: HashMap<&'static str, Table>,
}

/// A tenant's provider directory.
#[derive(Debug)]
pub struct Directory {
    tables: TypeTables,
    /// How long building it took, for the start-up log and the benchmark.
    pub built_in: Duration,
}

/// One member's records: everything a token bound to their patient can see.
#[derive(Debug)]
pub struct Compartment {
    pub patient_id: String,
    tables: TypeTables,
}

impl TypeTables {
    fn build(api: Api, fill: impl FnOnce(&mut dyn FnMut(Value))) -> Self {
        let mut tables: HashMap<&'static str, Table> = types::all()
            .filter(|d| d.api == api)
            .map(|d: &'static ResourceDef| (d.name, Table::new(d)))
            .collect();
        fill(&mut |resource: Value| {
            let kind = resource["resourceType"].as_str().unwrap_or_default();
            match tables.get_mut(kind) {
                Some(table) => {
                    if let Err(e) = table.push(&resource) {
                        tracing::error!("generated data skipped: {e}");
                    }
                }
                None => tracing::error!("generated data skipped: `{kind}` is not served"),
            }
        });
        for table in tables.values_mut() {
            table.finish();
        }
        TypeTables { tables }
    }

    fn get(&self, resource_type: &str) -> Option<&Table> {
        self.tables.get(resource_type)
    }

    /// Resources per type, for logs and benchmarks.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        let mut counts: Vec<_> = self.tables.iter().map(|(k, t)| (*k, t.len())).collect();
        counts.sort();
        counts
    }
}

impl Directory {
    /// Resources per type.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        self.tables.counts()
    }
}

impl Tables for Directory {
    fn table(&self, resource_type: &str) -> Option<&Table> {
        self.tables.get(resource_type)
    }
}

/// What a patient-bound token sees: its member's records, and the open directory that
/// those records point at (an EOB's provider, a Coverage's payor).
pub struct PatientView<'a> {
    pub compartment: &'a Compartment,
    pub directory: &'a Directory,
}

impl Tables for PatientView<'_> {
    fn table(&self, resource_type: &str) -> Option<&Table> {
        self.compartment
            .tables
            .get(resource_type)
            .or_else(|| self.directory.table(resource_type))
    }
}

impl FhirData {
    /// Nothing is generated yet: each tenant builds its data when first asked.
    pub fn new(config: &SandboxConfig) -> Self {
        let tenants = config
            .tenants
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    TenantData {
                        tenant: t.clone(),
                        seed: config.seed,
                        scale: config.scale,
                        directory: OnceLock::new(),
                        compartments: Mutex::new(HashMap::new()),
                    },
                )
            })
            .collect();
        FhirData { tenants }
    }

    /// The data of `tenant`, if it is one.
    pub fn tenant(&self, tenant: &str) -> Option<&TenantData> {
        self.tenants.get(tenant)
    }

    /// Builds every tenant's directory now, tenants in parallel, so the first request
    /// does not wait; says how long each took.
    pub fn prepare(&self) -> Vec<Seeded> {
        let mut seeded: Vec<Seeded> = std::thread::scope(|scope| {
            let workers: Vec<_> = self
                .tenants
                .values()
                .map(|t| {
                    scope.spawn(move || {
                        let directory = t.directory();
                        Seeded {
                            tenant: t.tenant.id.clone(),
                            built_in: directory.built_in,
                            resources: directory.counts().iter().map(|(_, n)| n).sum(),
                        }
                    })
                })
                .collect();
            workers.into_iter().filter_map(|w| w.join().ok()).collect()
        });
        seeded.sort_by(|a, b| a.tenant.cmp(&b.tenant));
        seeded
    }
}

impl TenantData {
    /// The tenant's provider directory, built on first use.
    pub fn directory(&self) -> Arc<Directory> {
        self.directory
            .get_or_init(|| {
                let started = Instant::now();
                // Generating and indexing take about as long as each other: one thread
                // generates while this one indexes.
                let (send, receive) = std::sync::mpsc::sync_channel::<Value>(4096);
                let tables = std::thread::scope(|scope| {
                    scope.spawn(move || {
                        directory::generate(self.seed, &self.tenant, self.scale, &mut |r| {
                            let _ = send.send(r);
                        })
                    });
                    TypeTables::build(Api::Directory, |sink| receive.iter().for_each(sink))
                });
                Arc::new(Directory {
                    tables,
                    built_in: started.elapsed(),
                })
            })
            .clone()
    }

    /// The records of the member whose patient is `patient_id`; `None` for a patient
    /// this tenant does not have.
    pub fn compartment(&self, patient_id: &str) -> Option<Arc<Compartment>> {
        if let Some(found) = self.lock().get(patient_id) {
            return Some(found.clone());
        }
        let member = members::by_patient(&self.tenant, patient_id)?;
        let tables = TypeTables::build(Api::PatientAccess, |sink| {
            for resource in clinical::member_records(self.seed, &self.tenant, self.scale, &member) {
                sink(resource);
            }
        });
        let built = Arc::new(Compartment {
            patient_id: patient_id.to_owned(),
            tables,
        });
        let mut cache = self.lock();
        if cache.len() >= CACHED_COMPARTMENTS {
            cache.clear();
        }
        cache.insert(patient_id.to_owned(), built.clone());
        Some(built)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Compartment>>> {
        // A panic while holding the lock leaves a cache that is still consistent.
        self.compartments.lock().unwrap_or_else(|e| e.into_inner())
    }
}
