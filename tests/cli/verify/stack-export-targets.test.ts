import * as assert from "node:assert/strict";
import { targetsFromStackExport } from "../../../cli/verify/stack-export-targets";
import { sampleStackExport } from "./stack-export-sample";

describe("cli verify: identities from a stack export", () => {
    it("picks every SES identity resource with its region, configuration set and MAIL FROM domain", () => {
        assert.deepEqual(targetsFromStackExport(sampleStackExport(), "prod.json"), [
            { identity: "example.com", region: "eu-west-1", configurationSetName: "transactional", mailFromDomain: "mail.example.com", source: "prod.json" },
            { identity: "us.example.com", region: "us-east-1", configurationSetName: undefined, mailFromDomain: undefined, source: "prod.json" },
            { identity: "legacy.example.com", region: "eu-west-1", configurationSetName: undefined, mailFromDomain: undefined, source: "prod.json" },
            { identity: "ops@example.com", region: "eu-west-1", configurationSetName: undefined, mailFromDomain: undefined, source: "prod.json" },
        ]);
    });

    it("turns an unreadable export into a user error naming the file", () => {
        assert.throws(() => targetsFromStackExport({ version: 1, deployment: {} }, "old.json"), {
            name: "StackExportError",
            message: /^old.json: unsupported deployment version 1/,
        });
    });
});

/** The sample export with `edit` applied to the resource named `name`. */
function editedSample(name: string, edit: (r: { inputs: Record<string, unknown>; outputs: Record<string, unknown> }) => void): unknown {
    const json = sampleStackExport() as {
        deployment: { resources: Array<{ urn: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> };
    };
    const r = json.deployment.resources.find((x) => x.urn.endsWith(`::${name}`));
    if (r === undefined) throw new Error(`no resource ${name} in the sample`);
    edit(r);
    return json;
}

const SIG = "4dabf18193072939515e22adb298388d";
const encrypted = { [SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:AAAA" };
const plaintext = (value: string) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) });

describe("cli verify: secrets and bad names in a stack export", () => {
    it("reads an identity whose name is a secret exported with --show-secrets", () => {
        const json = editedSample("us", (r) => {
            r.inputs.emailIdentity = plaintext("us.example.com");
            r.outputs.emailIdentity = plaintext("us.example.com");
        });
        const us = targetsFromStackExport(json, "prod.json").find((t) => t.identity === "us.example.com");
        assert.deepEqual(us, {
            identity: "us.example.com",
            region: "us-east-1",
            configurationSetName: undefined,
            mailFromDomain: undefined,
            source: "prod.json",
        });
    });

    it("makes an identity whose name is an encrypted secret an unreadable target, not a silent skip", () => {
        const json = editedSample("us", (r) => {
            r.inputs.emailIdentity = encrypted;
            r.outputs.emailIdentity = encrypted;
        });
        const secret = targetsFromStackExport(json, "prod.json").filter((t) => t.unreadable !== undefined);
        assert.equal(secret.length, 1);
        assert.equal(secret[0].identity, "[secret] (us)");
        assert.match(
            secret[0].unreadable ?? "",
            /resource us \(aws:sesv2\/emailIdentity:EmailIdentity\): its emailIdentity \(the identity\) is an encrypted secret; give `pulumi stack export --show-secrets` instead/,
        );
    });

    it("makes an identity whose expected configuration set is an encrypted secret unreadable, never dropping the expectation", () => {
        const json = editedSample("main", (r) => {
            r.inputs.configurationSetName = encrypted;
            r.outputs.configurationSetName = encrypted;
        });
        const main = targetsFromStackExport(json, "prod.json").find((t) => t.identity === "example.com");
        assert.match(main?.unreadable ?? "", /its configurationSetName is an encrypted secret, so it cannot be checked as the stack expects/);
    });

    it("refuses an identity name or region that --identity would refuse, naming the resource", () => {
        const badName = editedSample("us", (r) => {
            r.outputs.emailIdentity = "https://us.example.com";
        });
        assert.throws(() => targetsFromStackExport(badName, "prod.json"), {
            name: "UsageError",
            message: /^prod.json: resource us \(aws:sesv2\/emailIdentity:EmailIdentity\) names the identity 'https:\/\/us.example.com': it looks like a URL/,
        });
        const badRegion = editedSample("us", (r) => {
            r.outputs.region = "mars-1";
        });
        assert.throws(() => targetsFromStackExport(badRegion, "prod.json"), {
            name: "UsageError",
            message: /has region 'mars-1', which is not an AWS region name/,
        });
    });
});
