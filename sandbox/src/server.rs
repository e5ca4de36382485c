//! Binding a socket and serving the sandbox until told to stop.
//!
//! `conform serve` runs one until Ctrl-C; `conform run` and the tests start one on
//! an ephemeral port, use it, and stop it, all in one process.
//!
//! The accept loop is ours rather than `axum::serve` because that one sets no timer, and
//! without a timer hyper enforces no header read timeout: a client that sends its
//! request headers a byte at a time (slow loris), or opens connections and sends
//! nothing, would hold them forever. Here every HTTP/1 connection must deliver each
//! request's headers within `SandboxConfig::header_read_timeout` or it is closed; bodies
//! have their own timeout (`limits`). It serves HTTP/1.1, as `axum::serve` did with
//! axum's default features.

use crate::config::SandboxConfig;
use crate::state::SandboxState;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::time::Duration;
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
    let header_read_timeout = config.header_read_timeout;
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
    let task = tokio::spawn(serve(listener, app, header_read_timeout, stopped));
    Ok(RunningSandbox {
        addr,
        state,
        shutdown,
        task,
    })
}

/// Accepts connections until `stopped` fires, then lets requests in flight finish.
async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stopped => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tracing::warn!("accepting a connection failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection that fails (a reset, a header timeout) concerns that client alone.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
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
