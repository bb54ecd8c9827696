// The image the smoke-test pod runs unless --image names another: kcat's own image (Alpine with
// busybox, so sh, awk, getent, mkfifo and sleep come with it), pinned to a release so a run today and a
// run next year test with the same client. Clusters without internet egress import it into their registry.
export const DEFAULT_KCAT_IMAGE = 'edenhill/kcat:1.7.1';
