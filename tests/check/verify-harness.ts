/**
 * Runs `runVerify` in-process against a fresh SES v2 endpoint fixture, with the sealed AWS test
 * environment and fast pacing, polling and timeouts so tests take milliseconds.
 */
import { runVerify, VerifyOptions, VerifyReport } from "../../check/run-verify";
import { startSesV2Endpoint, SesV2Endpoint, SesV2EndpointOptions } from "../../testing/sesv2-endpoint";
import { awsTestEnv, AwsTestHome, makeAwsHome, useProcessEnv } from "../../testing/aws-test-env";

/** One fixture, its environment, and a way to run the check against it. */
export interface Harness {
    ses: SesV2Endpoint;
    home: AwsTestHome;
    verify(options: Partial<VerifyOptions>): Promise<VerifyReport>;
    close(): Promise<void>;
}

/** Options tests start from: no pacing to speak of, short intervals and timeouts. */
export const FAST: Omit<VerifyOptions, "targets"> = {
    all: false,
    regions: [],
    pollIntervalMs: 20,
    timeoutMs: 20_000,
    client: { maxRps: 1000, startRps: 1000, requestTimeoutMs: 2_000, connectTimeoutMs: 1_000 },
};

/** Starts a fixture and points the SDK at it; `env` adds or overrides variables. */
export async function startHarness(options: SesV2EndpointOptions = {}, env: Record<string, string> = {}, home = makeAwsHome()): Promise<Harness> {
    const ses = await startSesV2Endpoint({ defaultRegion: "eu-west-1", ...options });
    const restore = useProcessEnv(awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "2", ...env }));
    return {
        ses,
        home,
        verify: (o) => runVerify({ ...FAST, targets: [], ...o, client: { ...FAST.client, ...o.client } }),
        async close() {
            restore();
            home.remove();
            await ses.close();
        },
    };
}
