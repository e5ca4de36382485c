//! `conform load`: many simulated apps walking the sandbox at once, to find how much it
//! serves and where its latency starts to degrade (docs/load.md).
//!
//! Each simulated app onboards its developer through the portal (sign-up, the Verify
//! Email link from the outbox, sign-in, terms, app registration), then walks in a loop
//! what a patient-facing SMART app does with a member: the authorization pages in a
//! fresh browser, the code exchange, Patient Access reads and searches with the token,
//! Provider Directory searches, a refresh. Every step is timed on its own; the report
//! gives count, errors, p50/p90/p99/max per step, throughput, the first errors and the
//! memory of the server under load.
//!
//! - [`plan`]: what a run does; [`step`]: the steps;
//! - [`onboarding`] and [`walk`]: the steps' requests; [`agent`]: the HTTP side of an app;
//! - [`app`]: one app's loop; [`tally`] and [`histogram`]: the shared counters;
//! - [`memory`] and [`cpu`]: the server's RSS and who used the CPU; [`report`]: the
//!   table and the JSON.

pub mod agent;
pub mod app;
pub mod cpu;
pub mod error;
pub mod histogram;
pub mod memory;
pub mod onboarding;
pub mod plan;
pub mod report;
pub mod step;
pub mod tally;
pub mod walk;

pub use error::LoadError;
pub use plan::{LoadPlan, Onboarding};
pub use report::LoadReport;
pub use step::Step;

use crate::endpoints::TenantEndpoints;
use crate::target::Target;
use app::{RunContext, SimulatedApp};
use cpu::CpuWatch;
use memory::{MemoryWatch, Watched};
use report::RunFacts;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tally::Tally;

/// How long the warm-up search may take: it builds the tenant's directory on a sandbox
/// that has not yet (seconds in a debug build).
const WARM_UP_TIMEOUT: Duration = Duration::from_secs(120);

/// A directory search and the signing keys before the clock starts, so the run times
/// serving and not the first-use seeding of the data or the making of the RSA key (a
/// fraction of a second, seconds in a debug build); it also proves the tenant exists.
async fn warm_up(endpoints: &TenantEndpoints) -> Result<(), LoadError> {
    let client = crate::client::http_client(WARM_UP_TIMEOUT).map_err(LoadError::Client)?;
    let search = format!("{}/Practitioner?_count=1", endpoints.fhir_base);
    let keys = endpoints.jwks.clone().unwrap_or_default();
    for url in [search, keys].iter().filter(|u| !u.is_empty()) {
        let failed = |why: String| LoadError::WarmUp {
            url: url.clone(),
            why,
        };
        let response = client
            .get(url)
            .send()
            .await
            .map_err(|e| failed(crate::target::plain_reqwest_error(&e)))?;
        match response.status().as_u16() {
            200 => {}
            status => {
                return Err(failed(format!(
                    "it answered {status} (is the tenant served by the target?)"
                )));
            }
        }
    }
    Ok(())
}

/// Runs `plan` and reports what happened; an error only when the run could not start.
pub async fn run(plan: LoadPlan) -> Result<LoadReport, LoadError> {
    if plan.clients == 0 {
        return Err(LoadError::Plan("--clients must be at least 1".into()));
    }
    if plan.duration.is_zero() {
        return Err(LoadError::Plan("--duration must be more than 0 s".into()));
    }
    let active = plan.target.activate().await?;
    let base_url = active.config.base_url.clone();
    let embedded = matches!(plan.target, Target::Embedded);
    let outcome = async {
        if !active.config.has_control_api {
            return Err(LoadError::NoControlApi(base_url.clone()));
        }
        let endpoints = TenantEndpoints::sandbox(&base_url, &plan.tenant);
        warm_up(&endpoints).await?;
        load(&plan, &base_url, endpoints, embedded).await
    }
    .await;
    active.release().await;
    outcome
}

/// The run proper, on a target known to be ready.
async fn load(
    plan: &LoadPlan,
    base_url: &str,
    endpoints: TenantEndpoints,
    embedded: bool,
) -> Result<LoadReport, LoadError> {
    let tally = Arc::new(Tally::new());
    let cookie_scope = endpoints
        .authorize
        .rfind('/')
        .map_or(endpoints.authorize.clone(), |i| {
            endpoints.authorize[..=i].to_owned()
        });
    let apps = (0..plan.clients)
        .map(|index| {
            agent::Agent::new(tally.clone(), plan.request_timeout, cookie_scope.clone())
                .map(|agent| SimulatedApp::new(index, agent))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(LoadError::Client)?;
    let watched = match (plan.server_pid, embedded) {
        (Some(pid), _) => Some(Watched::Pid(pid)),
        (None, true) => Some(Watched::ThisProcess),
        (None, false) => None,
    };
    let watch = watched.and_then(MemoryWatch::start);
    let cpu = CpuWatch::start(plan.server_pid);
    let started = Instant::now();
    let ctx = Arc::new(RunContext {
        base_url: base_url.to_owned(),
        endpoints,
        run_id: sandbox::random_token(6),
        onboarding: plan.onboarding,
        deadline: started + plan.duration,
        tally: tally.clone(),
    });
    let running: Vec<_> = apps
        .into_iter()
        .map(|app| tokio::spawn(app.run(ctx.clone())))
        .collect();
    for app in running {
        if let Err(e) = app.await {
            tally.failure(
                Step::Authorize,
                format!("a simulated app stopped unexpectedly: {e}"),
            );
        }
    }
    let elapsed = started.elapsed();
    let cpu = cpu.finish();
    let memory = watch.and_then(MemoryWatch::finish);
    let facts = RunFacts {
        target: base_url.to_owned(),
        embedded,
        tenant: plan.tenant.clone(),
        clients: plan.clients,
        onboarding: plan.onboarding,
        duration: plan.duration,
        elapsed,
    };
    Ok(LoadReport::new(facts, &tally, memory, cpu))
}
