/**
 * The environment every check test runs the real AWS SDK in: fake static credentials, no instance
 * metadata probe, profile files in a temporary directory (never the real home), and the SES v2 endpoint
 * pointed at the local fixture through AWS_ENDPOINT_URL_SESV2.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Variables that would let the host's AWS or CI setup leak into a test. */
const CLEARED = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SESV2",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "CI",
    "GITHUB_STEP_SUMMARY",
];

/** A temporary AWS home: config and credentials files the tests may fill. */
export interface AwsTestHome {
    dir: string;
    configFile: string;
    credentialsFile: string;
    remove(): void;
}

/** Creates empty config and credentials files in a fresh temporary directory. */
export function makeAwsHome(config = "", credentials = ""): AwsTestHome {
    const dir = mkdtempSync(join(tmpdir(), "ses-guard-aws-"));
    const configFile = join(dir, "config");
    const credentialsFile = join(dir, "credentials");
    writeFileSync(configFile, config);
    writeFileSync(credentialsFile, credentials);
    return { dir, configFile, credentialsFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment for a test against `endpointUrl`: `base` minus host AWS settings, plus fakes. */
export function awsTestEnv(
    endpointUrl: string,
    home: AwsTestHome,
    extra: Record<string, string> = {},
    base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    for (const k of CLEARED) delete env[k];
    return {
        ...env,
        AWS_ACCESS_KEY_ID: "AKIDSESGUARDTEST",
        AWS_SECRET_ACCESS_KEY: "fake-secret-for-tests",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: home.configFile,
        AWS_SHARED_CREDENTIALS_FILE: home.credentialsFile,
        AWS_ENDPOINT_URL_SESV2: endpointUrl,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...extra,
    };
}

/** Replaces process.env with `env` for the duration of a test; returns the function that restores it. */
export function useProcessEnv(env: NodeJS.ProcessEnv): () => void {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, env);
    return () => {
        for (const k of Object.keys(process.env)) delete process.env[k];
        Object.assign(process.env, saved);
    };
}
