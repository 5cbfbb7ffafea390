import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { escapeRegExp } from "../../escape-regexp";
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN } from "../../state/wire";
import { StackExportError, readStackExport, readStackExportFile } from "../../state/stack-export";

const STACK = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const PROVIDER = "urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0";
const IDENTITY = "urn:pulumi:dev::proj::aws:sesv2/emailIdentity:EmailIdentity::id";
const RECORD = "urn:pulumi:dev::proj::aws:route53/record:Record::dkim-0";

/** A small export in the shape `pulumi stack export` writes (version 3). */
function exported(extra: Record<string, unknown>[] = []): Record<string, unknown> {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-21T10:00:00Z", magic: "x", version: "v3.200.0" },
            secrets_providers: { type: "service" },
            resources: [
                { urn: STACK, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
                {
                    urn: PROVIDER,
                    custom: true,
                    id: "5f1d-provider-id",
                    type: "pulumi:providers:aws",
                    inputs: { region: "eu-west-1", version: "7.48.0" },
                    outputs: { region: "eu-west-1", version: "7.48.0" },
                },
                {
                    urn: IDENTITY,
                    custom: true,
                    id: "example.com",
                    type: "aws:sesv2/emailIdentity:EmailIdentity",
                    parent: STACK,
                    provider: `${PROVIDER}::5f1d-provider-id`,
                    inputs: { emailIdentity: "example.com" },
                    outputs: { emailIdentity: "example.com", dkimSigningAttributes: { tokens: ["t1", "t2", "t3"] } },
                    propertyDependencies: { emailIdentity: [] },
                },
                {
                    urn: RECORD,
                    custom: true,
                    id: "Z1_t1._domainkey.example.com_CNAME",
                    type: "aws:route53/record:Record",
                    parent: STACK,
                    provider: `${PROVIDER}::5f1d-provider-id`,
                    dependencies: [IDENTITY],
                    propertyDependencies: { name: [IDENTITY], records: [IDENTITY] },
                    inputs: { name: "t1._domainkey.example.com", type: "CNAME", records: ["t1.dkim.amazonses.com"] },
                    outputs: { name: "t1._domainkey.example.com", type: "CNAME", records: ["t1.dkim.amazonses.com"], fqdn: "t1._domainkey.example.com" },
                },
                ...extra,
            ],
        },
    };
}

describe("engine: stack-export", () => {
    it("reads every resource with its type, name, parent and dependencies", () => {
        const resources = readStackExport(exported(), "stack.json");
        assert.deepEqual(
            resources.map((r) => r.urn),
            [STACK, PROVIDER, IDENTITY, RECORD],
        );
        const record = resources[3];
        assert.equal(record?.name, "dkim-0");
        assert.equal(record?.type, "aws:route53/record:Record");
        assert.equal(record?.custom, true);
        assert.equal(record?.parent, STACK);
        assert.deepEqual(record?.dependencies, [IDENTITY]);
        assert.deepEqual(record?.propertyDependencies, { name: [IDENTITY], records: [IDENTITY] });
    });

    it("keeps inputs for Analyze and outputs for AnalyzeStack apart", () => {
        const identity = readStackExport(exported(), "stack.json")[2];
        assert.deepEqual(identity?.inputs, { emailIdentity: "example.com" });
        assert.deepEqual(identity?.outputs, { emailIdentity: "example.com", dkimSigningAttributes: { tokens: ["t1", "t2", "t3"] } });
    });

    it("resolves a provider reference to the provider resource's inputs", () => {
        const identity = readStackExport(exported(), "stack.json")[2];
        assert.deepEqual(identity?.provider, {
            urn: PROVIDER,
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            properties: { region: "eu-west-1", version: "7.48.0" },
        });
    });

    it("turns exported plaintext secrets into wire secrets and ciphertext secrets into unknown secrets", () => {
        const bucket = {
            urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b",
            custom: true,
            type: "aws:s3/bucket:Bucket",
            inputs: { tags: { [SECRET_SIG]: SECRET_VALUE_SIG, plaintext: '{"team":"mail"}' } },
            outputs: { policy: { [SECRET_SIG]: SECRET_VALUE_SIG, ciphertext: "v1:abc" } },
        };
        const r = readStackExport(exported([bucket]), "stack.json")[4];
        assert.deepEqual(r?.inputs, { tags: { [SECRET_SIG]: SECRET_VALUE_SIG, value: { team: "mail" } } });
        assert.deepEqual(r?.outputs, { policy: { [SECRET_SIG]: SECRET_VALUE_SIG, value: UNKNOWN } });
    });

    it("skips resources pending deletion, as the engine does", () => {
        const old = { urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::old", custom: true, type: "aws:s3/bucket:Bucket", delete: true };
        assert.equal(readStackExport(exported([old]), "stack.json").length, 4);
    });

    it("rejects a file that is not a stack export, naming the file", () => {
        assert.throws(() => readStackExport([1, 2], "x.json"), /^StackExportError: x.json: not a stack export/);
        assert.throws(() => readStackExport({ version: 9, deployment: {} }, "x.json"), /x.json: unsupported deployment version 9/);
        assert.throws(() => readStackExport({ version: 3 }, "x.json"), /x.json: has no "deployment" object/);
    });

    it("rejects a malformed resource, naming it and what is wrong", () => {
        assert.throws(() => readStackExport(exported([{ type: "t" }]), "x.json"), /x.json: deployment.resources\[4\] has no valid "urn"/);
        const badDeps = { urn: "urn:pulumi:dev::proj::t:m:T::n", type: "t:m:T", dependencies: "nope" };
        assert.throws(
            () => readStackExport(exported([badDeps]), "x.json"),
            /resource urn:pulumi:dev::proj::t:m:T::n has "dependencies" that is not a list of URNs/,
        );
    });

    it("rejects a provider reference to a provider not in the export", () => {
        const orphan = {
            urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b",
            custom: true,
            type: "aws:s3/bucket:Bucket",
            provider: "urn:pulumi:dev::proj::pulumi:providers:aws::gone::id",
        };
        assert.throws(
            () => readStackExport(exported([orphan]), "x.json"),
            (err: unknown) => err instanceof StackExportError && /names provider .*gone::id.*not a provider resource in this export/.test(err.message),
        );
    });

    it("reads a file and reports unreadable or non-JSON files by name", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-"));
        try {
            const good = path.join(dir, "good.json");
            fs.writeFileSync(good, JSON.stringify(exported()));
            assert.equal(readStackExportFile(good).length, 4);
            const bad = path.join(dir, "bad.json");
            fs.writeFileSync(bad, "{ not json");
            assert.throws(() => readStackExportFile(bad), new RegExp(`${escapeRegExp(bad)}: is not valid JSON`));
            assert.throws(
                () => readStackExportFile(path.join(dir, "missing.json")),
                /missing.json: cannot be read \(ENOENT: no such file\); give the file `pulumi stack export --file FILE` writes/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
