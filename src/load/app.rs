//! One simulated app for the length of a run: its developer's onboarding (once, or
//! before every walk), then walks one after another until the run's time is up.
//!
//! A failed step is counted and ends the walk (or the onboarding); the app pauses a
//! moment and starts again, so a broken target is reported as errors rather than
//! hammered in a tight loop. When the time is up, the step in flight is finished and
//! counted and no new one starts, so a walk cut short is simply not counted as a walk.

use super::agent::Agent;
use super::error::StepFailure;
use super::onboarding::{self, Developer, RegisteredApp};
use super::plan::Onboarding;
use super::step::Step;
use super::tally::Tally;
use super::walk::{self, DIRECTORY_SEARCHES, PATIENT_READ, PATIENT_SEARCHES};
use crate::endpoints::TenantEndpoints;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long an app waits after a failed step before it starts again.
const PAUSE_AFTER_ERROR: Duration = Duration::from_millis(100);

/// Runs one step of `$ctx` and gives its value; when the step fails the enclosing
/// function returns `false`, and when the run's time is up before the step, `$when_over`.
macro_rules! step {
    ($ctx:expr, $when_over:expr, $step:expr, $work:expr) => {{
        if $ctx.over() {
            return $when_over;
        }
        match $ctx.timed($step, $work).await {
            Some(value) => value,
            None => return false,
        }
    }};
}

/// What every simulated app of a run shares.
#[derive(Debug)]
pub struct RunContext {
    /// The target's base URL (portal API and control API).
    pub base_url: String,
    /// The walked tenant's authorization server and FHIR base.
    pub endpoints: TenantEndpoints,
    /// Makes the developers of this run unique on a target that outlives it.
    pub run_id: String,
    /// How often developers onboard.
    pub onboarding: Onboarding,
    /// When no new step starts.
    pub deadline: Instant,
    /// The counters.
    pub tally: Arc<Tally>,
}

impl RunContext {
    fn over(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// Runs one step, timing it and counting it as a success or a failure.
    async fn timed<T>(
        &self,
        step: Step,
        work: impl Future<Output = Result<T, StepFailure>>,
    ) -> Option<T> {
        let started = Instant::now();
        match work.await {
            Ok(value) => {
                self.tally.success(step, started.elapsed());
                Some(value)
            }
            Err(failure) => {
                self.tally
                    .failure(step, format!("{}: {failure}", step.name()));
                None
            }
        }
    }
}

/// One simulated app: its number in the run, its HTTP side, and its registration.
#[derive(Debug)]
pub struct SimulatedApp {
    index: usize,
    agent: Agent,
    registered: Option<RegisteredApp>,
    onboardings: u64,
    walks: u64,
}

impl SimulatedApp {
    /// App number `index` of the run, talking through `agent`.
    pub fn new(index: usize, agent: Agent) -> Self {
        Self {
            index,
            agent,
            registered: None,
            onboardings: 0,
            walks: 0,
        }
    }

    /// Onboards and walks until the run's deadline.
    pub async fn run(mut self, ctx: Arc<RunContext>) {
        while !ctx.over() {
            let onboard = self.registered.is_none() || ctx.onboarding == Onboarding::EveryWalk;
            let ok = if onboard {
                self.onboard(&ctx).await && self.walk(&ctx).await
            } else {
                self.walk(&ctx).await
            };
            if !ok && !ctx.over() {
                tokio::time::sleep(PAUSE_AFTER_ERROR).await;
            }
        }
    }

    /// A new developer signs up, verifies, signs in, accepts the terms and registers
    /// an app; `false` when a step failed (or time ran out before the app was registered).
    async fn onboard(&mut self, ctx: &RunContext) -> bool {
        let who = Developer::new(&ctx.run_id, self.index, self.onboardings);
        self.onboardings += 1;
        let name = format!("Load App {}-{}", self.index, self.onboardings);
        let base = ctx.base_url.as_str();
        let agent = &mut self.agent;
        step!(
            ctx,
            false,
            Step::SignUp,
            onboarding::sign_up(agent, base, &who)
        );
        step!(
            ctx,
            false,
            Step::Verify,
            onboarding::verify(agent, base, &who)
        );
        let session = step!(
            ctx,
            false,
            Step::SignIn,
            onboarding::sign_in(agent, base, &who)
        );
        step!(
            ctx,
            false,
            Step::Terms,
            onboarding::accept_terms(agent, base, &session)
        );
        let registered = step!(
            ctx,
            false,
            Step::Register,
            onboarding::register(agent, base, &session, &name)
        );
        self.registered = Some(registered);
        true
    }

    /// One walk from authorize to refresh; `false` when a step failed. A walk cut
    /// short by the deadline is not counted.
    async fn walk(&mut self, ctx: &RunContext) -> bool {
        let Some(app) = self.registered.clone() else {
            return false;
        };
        let endpoints = &ctx.endpoints;
        let agent = &mut self.agent;
        let walk = self.walks;
        self.walks += 1;
        let authorization = step!(
            ctx,
            true,
            Step::Authorize,
            walk::authorize(agent, endpoints, &app)
        );
        let disclaimer = step!(
            ctx,
            true,
            Step::Login,
            walk::login(agent, &authorization.page)
        );
        let hipaa = step!(
            ctx,
            true,
            Step::Disclaimer,
            walk::disclaimer(agent, &disclaimer)
        );
        let code = step!(
            ctx,
            true,
            Step::Hipaa,
            walk::hipaa(agent, &hipaa, &authorization)
        );
        let grant = step!(
            ctx,
            true,
            Step::Token,
            walk::token(agent, endpoints, &app, &code)
        );
        let step = Step::PatientRead;
        step!(
            ctx,
            true,
            step,
            walk::fhir(agent, step, endpoints, &PATIENT_READ, Some(&grant), walk)
        );
        let step = Step::PatientSearch;
        for query in PATIENT_SEARCHES {
            step!(
                ctx,
                true,
                step,
                walk::fhir(agent, step, endpoints, query, Some(&grant), walk)
            );
        }
        let step = Step::DirectorySearch;
        for query in DIRECTORY_SEARCHES {
            step!(
                ctx,
                true,
                step,
                walk::fhir(agent, step, endpoints, query, None, walk)
            );
        }
        step!(
            ctx,
            true,
            Step::Refresh,
            walk::refresh(agent, endpoints, &app, &grant)
        );
        ctx.tally.walk_done();
        true
    }
}
