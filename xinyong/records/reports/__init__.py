"""信用报告: stored report snapshots and their PDF."""
