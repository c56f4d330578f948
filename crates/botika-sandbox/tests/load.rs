//! Concurrency: well over 64 connections open at once, thousands of concurrent sends, none
//! lost, every id unique.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::{Api, fast, start};
use serde_json::json;
use tokio::sync::{Barrier, Semaphore};
use tokio::task::JoinSet;

const CONNECTIONS: usize = 128;
const SENDS: usize = 2000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_concurrent_sends_over_many_connections() {
    let (sandbox, api) = start(fast()).await;
    let barrier = Arc::new(Barrier::new(CONNECTIONS));
    let next = Arc::new(Semaphore::new(SENDS));
    let mut tasks = JoinSet::new();
    for worker in 0..CONNECTIONS {
        // One client each, so each holds its own connection.
        let api = Api {
            http: common::client(),
            ..api.clone()
        };
        let (barrier, next) = (Arc::clone(&barrier), Arc::clone(&next));
        tasks.spawn(async move {
            assert_eq!(api.get("/profile").await.status, 200);
            barrier.wait().await; // every connection is open now
            let mut ids = Vec::new();
            while let Ok(permit) = next.try_acquire() {
                permit.forget();
                let to = format!("+62812{:07}", worker * 100_000 + ids.len());
                let answer = api
                    .post(
                        "/messages",
                        json!({"to": to, "type": "text", "text": {"body": "load"}}),
                    )
                    .await;
                assert_eq!(answer.status, 200, "{}", answer.body);
                ids.push(answer.body["data"]["id"].as_str().unwrap().to_owned());
            }
            ids
        });
    }
    let mut ids = HashSet::new();
    let mut total = 0;
    while let Some(result) = tasks.join_next().await {
        let batch = result.unwrap();
        total += batch.len();
        ids.extend(batch);
    }
    assert_eq!(total, SENDS);
    assert_eq!(ids.len(), SENDS, "every id unique");
    let stored = sandbox.sent_messages(None);
    assert_eq!(stored.len(), SENDS, "none lost");
    assert!(
        stored
            .iter()
            .all(|m| ids.contains(m["id"].as_str().unwrap()))
    );
    assert_eq!(
        sandbox.stats()["requests"]["POST /api/whatsapp/v1/messages"],
        SENDS
    );
}
