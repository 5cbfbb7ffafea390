/**
 * `npm run ses:local`: the local SES v2 endpoint the tests use (./sesv2-endpoint), started on its own so that
 * `ses-guard verify` can be tried without AWS. Prints the environment that points the AWS SDK at it.
 *
 *   node dist/testing/serve-sesv2.js [--port N] [--region R] [NAME[=STATUS]...]
 *
 * Each NAME (a domain or an address) becomes an identity in the region with the given VerificationStatus
 * (default SUCCESS); with no NAME, example.com (SUCCESS), pending.example.com (PENDING) and
 * noreply@example.com (SUCCESS). Stops on Ctrl-C.
 */
import { parseArgs } from "node:util";
import { startSesV2Endpoint, type FakeIdentity, type VerificationStatus } from "./sesv2-endpoint";

const STATUSES: readonly VerificationStatus[] = ["PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED"];

const DEFAULT_IDENTITIES = ["example.com=SUCCESS", "pending.example.com=PENDING", "noreply@example.com=SUCCESS"];

/** `NAME[=STATUS]` as an identity in `region`. */
function identityArgument(text: string, region: string): FakeIdentity {
    const [name, status = "SUCCESS"] = text.split("=");
    if (!(STATUSES as readonly string[]).includes(status)) throw new Error(`${text}: the status must be one of ${STATUSES.join(", ")}`);
    return { name, region, status: status as VerificationStatus };
}

async function main(): Promise<void> {
    const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: "string" }, region: { type: "string" } } });
    const region = values.region ?? "eu-west-1";
    const port = Number(values.port ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port}: give a port number`);
    const identities = (positionals.length > 0 ? positionals : DEFAULT_IDENTITIES).map((t) => identityArgument(t, region));
    const ses = await startSesV2Endpoint({ identities, defaultRegion: region, port });
    const names = identities.map((i) => `${i.name} (${i.status})`).join(", ");
    process.stdout.write(
        [
            `local SES v2 endpoint at ${ses.url}, region ${region}: ${names}`,
            "in another shell:",
            `  export AWS_ENDPOINT_URL_SESV2=${ses.url} AWS_REGION=${region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
            `  npx ses-guard verify --identity ${identities[0].name}`,
            "Ctrl-C stops it.",
            "",
        ].join("\n"),
    );
    process.once("SIGINT", () => void ses.close().then(() => process.exit(0)));
    process.once("SIGTERM", () => void ses.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
    process.stderr.write(`serve-sesv2: ${(err as Error).message}\n`);
    process.exitCode = 2;
});
