//! Binding a socket and serving the sandbox until told to stop.
//!
//! `conform serve` runs one until Ctrl-C; `conform run` and the tests start one on
//! an ephemeral port, use it, and stop it, all in one process.

use crate::config::SandboxConfig;
use crate::state::SandboxState;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A sandbox serving on a socket.
pub struct RunningSandbox {
    addr: SocketAddr,
    state: SandboxState,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// Binds `addr` (port 0 for an ephemeral one) and starts serving in the background.
pub async fn start(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<RunningSandbox> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let persistent = config.data_dir.is_some();
    if !persistent {
        // The signing key takes a fraction of a second to make: make it while nobody
        // waits. (With a data directory the saved one is loaded first.)
        tokio::task::spawn_blocking(crate::oauth::process_key);
    }
    let state = SandboxState::open(config, format!("http://{addr}"))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let app = crate::app(state.clone());
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningSandbox {
        addr,
        state,
        shutdown,
        task,
    })
}

impl RunningSandbox {
    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, what clients point at.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The running sandbox's state, for in-process inspection by tests.
    pub fn state(&self) -> &SandboxState {
        &self.state
    }

    /// Stops accepting connections, lets requests in flight finish, and returns.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(());
        self.task.await.map_err(std::io::Error::other)?
    }
}
