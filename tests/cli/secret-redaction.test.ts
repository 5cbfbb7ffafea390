/**
 * Secret values never printed: a program whose domain (secret stack config), configuration set name, email address,
 * MAIL FROM domain, BYODKIM selector, policy Sid and DKIM record value are secrets, run through every surface that
 * shows a verdict: the policy pack's own answers (what `pulumi preview --policy-pack` prints), `ses-guard preview`
 * (text, --json, --sarif, and each again with --update), `ses-guard audit` and `ses-guard verify` (text, --json,
 * --junit, GITHUB_STEP_SUMMARY) of the stack's `pulumi stack export --show-secrets`, the last against the local SES v2
 * endpoint. Each surface must show the secrets as `[secret]` and the verdicts must still be the plaintext's.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ownPackageDir, previewPrograms, type StackVerdict } from "../../offline-engine/offline-preview";
import type { CapturedResource } from "../../state/captured-resource";
import { SECRET_SIG, SECRET_VALUE_SIG, isObject } from "../../state/wire";
import { awsTestEnv, makeAwsHome, type AwsTestHome } from "../../testing/aws-test-env";
import { ROOT, runCli } from "../../testing/run-cli";
import { startSesV2Endpoint, type SesV2Endpoint } from "../../testing/sesv2-endpoint";

const PROGRAM = path.join("tests", "offline-engine", "fixtures", "programs", "secret-values");

/** The secret domain, given as the stack's secure config value (as CI passes a decrypted secret). */
const DOMAIN = "secret-domain-2b9e.example";
const CONFIG = ["--config", `secret-values:domain=${DOMAIN}`];

/** A distinctive part of each secret the program declares (the DKIM record value is `<token>.dkim-3a7c55.example.org`). */
const SECRETS = [DOMAIN, "cfgset-7f3a91", "alerts-9d02e7@mailbox.example", "bounce-4c81d9.example.net", "sel-5be2c0", "sid-e61f08", "dkim-3a7c55"];

/** How often each secret occurs in `text`, in any letter case. */
function occurrences(text: string, secrets: readonly string[]): Record<string, number> {
    const lower = text.toLowerCase();
    const found: Record<string, number> = {};
    for (const s of secrets) {
        const n = lower.split(s.toLowerCase()).length - 1;
        if (n > 0) found[s] = n;
    }
    return found;
}

/** The pack's answers for one verdict: every diagnostic message and remediation, as the pack sent them. */
function packAnswers(verdict: StackVerdict): string {
    return JSON.stringify([verdict.analysis.analyze, verdict.analysis.analyzeStack, verdict.analysis.remediations]);
}

/** A wire-form value as `pulumi stack export --show-secrets` writes it: each secret as `{sig, plaintext}`. */
function exported(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(exported);
    if (!isObject(value)) return value;
    if (value[SECRET_SIG] === SECRET_VALUE_SIG) return { [SECRET_SIG]: SECRET_VALUE_SIG, plaintext: JSON.stringify(value.value) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exported(v)]));
}

/** The `pulumi stack export --show-secrets` of deployed resources (their providers first). */
function showSecretsExport(resources: readonly CapturedResource[]): unknown {
    const providers = new Map<string, Record<string, unknown>>();
    for (const r of resources) {
        if (r.provider === undefined || providers.has(r.provider.urn)) continue;
        const properties = exported(r.provider.properties);
        providers.set(r.provider.urn, { urn: r.provider.urn, custom: true, id: "provider-id", type: r.provider.type, inputs: properties, outputs: properties });
    }
    const rest = resources
        .filter((r) => !providers.has(r.urn))
        .map((r) => ({
            urn: r.urn,
            custom: r.custom,
            type: r.type,
            ...(r.custom ? { id: `${r.name}-id` } : {}),
            ...(r.parent !== undefined ? { parent: r.parent } : {}),
            ...(r.provider !== undefined ? { provider: `${r.provider.urn}::provider-id` } : {}),
            inputs: exported(r.inputs),
            outputs: exported(r.outputs),
        }));
    return {
        version: 3,
        deployment: { manifest: { time: "2026-12-06T08:00:00Z", magic: "x", version: "v3.204.0" }, resources: [...providers.values(), ...rest] },
    };
}

/** The private key the program generated, from the identity's secret input. */
function privateKeyOf(resources: readonly CapturedResource[]): string {
    const identity = resources.find((r) => r.name === "domain");
    const attributes = identity?.inputs.dkimSigningAttributes as Record<string, unknown> | undefined;
    const key = (attributes?.domainSigningPrivateKey as { value?: unknown } | undefined)?.value;
    assert.equal(typeof key, "string", JSON.stringify(attributes));
    return key as string;
}

describe("secret values are [secret] on every surface, while the policies judge their plaintext", function () {
    this.timeout(600_000);
    let dir: string;
    let ses: SesV2Endpoint | undefined;
    let home: AwsTestHome | undefined;
    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "ses-guard-secrets-"));
    });
    after(async () => {
        await ses?.close();
        home?.remove();
        rmSync(dir, { recursive: true, force: true });
    });

    it("no surface prints a secret of the program, and none the BYODKIM private key", async () => {
        const surfaces: Record<string, string> = {};
        const file = (name: string): string => path.join(dir, name);

        // The pack's own answers, for a preview and for an update.
        const [preview] = await previewPrograms([path.join(ROOT, PROGRAM)], { packDir: ownPackageDir(), config: { "secret-values:domain": DOMAIN } });
        const [update] = await previewPrograms([path.join(ROOT, PROGRAM)], {
            packDir: ownPackageDir(),
            config: { "secret-values:domain": DOMAIN },
            update: true,
        });
        assert.ok(preview !== undefined && update !== undefined);
        surfaces["pack answers (preview)"] = packAnswers(preview);
        surfaces["pack answers (update)"] = packAnswers(update);
        const privateKey = privateKeyOf(update.resources);

        // ses-guard preview and audit, each as text (with SARIF) and as JSON.
        const exportFile = file("export.json");
        writeFileSync(exportFile, JSON.stringify(showSecretsExport(update.resources)));
        const runs = {
            preview: [...CONFIG, PROGRAM],
            "preview --update": ["--update", ...CONFIG, PROGRAM],
        };
        const reports: Record<string, { violations: { policyName: string; message: string }[] }[]> = {};
        const redacted: Record<string, string[]> = {};
        for (const [label, args] of [...Object.entries(runs).map(([l, a]) => [l, ["preview", ...a]] as const), ["audit", ["audit", exportFile]] as const]) {
            const sarif = file(`${label.replace(/\W+/g, "-")}.sarif`);
            const text = await runCli([...args, "--sarif", sarif]);
            assert.equal(text.code, 1, `${label}: ${text.stderr}`);
            surfaces[`${label}: text`] = text.stdout + text.stderr;
            surfaces[`${label}: --sarif`] = readFileSync(sarif, "utf8");
            const json = await runCli([...args, "--json"]);
            assert.equal(json.code, 1, `${label} --json: ${json.stderr}`);
            surfaces[`${label}: --json`] = json.stdout + json.stderr;
            const report = JSON.parse(json.stdout) as { stacks: { violations: { policyName: string; message: string }[] }[]; redacted: string[] };
            reports[label] = report.stacks;
            redacted[label] = report.redacted;
        }

        // ses-guard verify of the export, against SES as it would answer for this stack.
        ses = await startSesV2Endpoint({
            defaultRegion: "eu-west-1",
            identities: [
                {
                    name: DOMAIN,
                    status: "FAILED",
                    errorType: "HOST_NOT_FOUND",
                    dkimOrigin: "EXTERNAL",
                    dkimTokens: ["sel-5be2c0"],
                    mailFromDomain: "bounce-4c81d9.example.net",
                    mailFromStatus: "FAILED",
                    configurationSetName: "cfgset-7f3a91",
                },
                { name: "alerts-9d02e7@mailbox.example", status: "PENDING" },
                { name: "plain-dkim.example", status: "SUCCESS" },
            ],
        });
        home = makeAwsHome();
        const summary = file("summary.md");
        const junit = file("verify.xml");
        const env = { ...awsTestEnv(ses.url, home, { AWS_MAX_ATTEMPTS: "2" }), GITHUB_STEP_SUMMARY: summary };
        const fast = ["--max-rps", "1000", "--request-timeout", "2s"];
        const verifyText = await runCli(["verify", exportFile, "--junit", junit, ...fast], { env });
        assert.equal(verifyText.code, 1, verifyText.stderr);
        surfaces["verify: text"] = verifyText.stdout + verifyText.stderr;
        surfaces["verify: --junit"] = readFileSync(junit, "utf8");
        surfaces["verify: GITHUB_STEP_SUMMARY"] = readFileSync(summary, "utf8");
        const verifyJson = await runCli(["verify", exportFile, "--json", ...fast], { env: { ...env, GITHUB_STEP_SUMMARY: "" } });
        assert.equal(verifyJson.code, 1, verifyJson.stderr);
        surfaces["verify: --json"] = verifyJson.stdout + verifyJson.stderr;

        // Not one secret anywhere. A stack export holds no config: the domain, read with config.require, is stored as
        // plain text, so only the program's surfaces know it is secret (config.requireSecret keeps it secret in state).
        const fromExport = (surface: string): boolean => surface.startsWith("audit") || surface.startsWith("verify");
        const leaks = Object.entries(surfaces)
            .map(([surface, text]) => [surface, occurrences(text, [...SECRETS.filter((s) => !fromExport(surface) || s !== DOMAIN), privateKey])] as const)
            .filter(([, found]) => Object.keys(found).length > 0);
        const total = leaks.reduce((n, [, found]) => n + Object.values(found).reduce((a, b) => a + b, 0), 0);
        assert.deepEqual(leaks, [], `${total} occurrences of secret values over ${leaks.length} surfaces`);

        // The verdicts are still the plaintext's: each secret was read, judged, and shown as [secret].
        for (const label of ["preview --update", "audit"]) {
            const messages = (reports[label] ?? []).flatMap((s) => s.violations).map((v) => `${v.policyName}: ${v.message}`);
            // The domain as the report shows it: [secret] from the program; as stored, plain text, from the export.
            const domain = label === "audit" ? DOMAIN.replace(/\./g, "\\.") : "\\[secret\\]";
            for (const [policy, shown] of [
                [
                    "ses-domain-identity-verified",
                    new RegExp(`SES v2 identity ${domain} \\(resource 'domain'\\).*\\n(.*\\n)*.*TXT \\[secret\\]\\._domainkey\\.${domain}`),
                ],
                [
                    "ses-identity-configuration-set-declared",
                    /default configuration set '\[secret\]' \(resource 'set'\) disagree: the identity is in eu-west-1 but the set is in us-east-1/,
                ],
                ["ses-email-identity-verifiable", /SES v2 identity \[secret\] \(resource 'address'\) is an email address/],
                ["ses-mail-from-records", /Custom MAIL FROM domain '\[secret\]' \(resource 'mail-from'\)/],
                ["ses-identity-policy-not-public", new RegExp(`lets anyone send as ${domain}: statement '\\[secret\\]' allows`)],
                ["ses-dkim-record-values", /record 'plain-dkim' .*is wrong: it points at '\[secret\]', not at Amazon SES/],
            ] as const) {
                assert.ok(
                    messages.some((m) => m.startsWith(`${policy}: `) && shown.test(m)),
                    `${label}: no ${policy} violation like ${shown}:\n${messages.join("\n---\n")}`,
                );
            }
            assert.ok(
                redacted[label]?.some((p) => /^stacks\[0\]\.violations\[\d+\]\.message$/.test(p)),
                `${label}: redacted ${JSON.stringify(redacted[label])}`,
            );
        }
        // verify asked SES about the plaintext: the secret address is found (PENDING), and the domain's secret MAIL FROM
        // domain is the one SES reports (a mismatch would read "[secret] (expected [secret])").
        const verified = JSON.parse(verifyJson.stdout) as {
            identities: { identity: string; status: string; checks: { check: string; detail: string }[] }[];
            redacted: string[];
        };
        assert.deepEqual(verified.identities.map((i) => [i.identity, i.status]).sort(), [
            ["[secret]", "PENDING"],
            ["plain-dkim.example", "SUCCESS"],
            [DOMAIN, "FAILED"],
        ]);
        const address = verified.identities.findIndex((i) => i.identity === "[secret]");
        assert.ok(verified.redacted.includes(`identities[${address}].identity`), JSON.stringify(verified.redacted));
        const domainChecks = verified.identities.find((i) => i.identity === DOMAIN)?.checks ?? [];
        assert.equal(domainChecks.find((c) => c.check === "mail-from")?.detail, "[secret] FAILED", JSON.stringify(domainChecks));
    });
});
