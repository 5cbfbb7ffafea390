/**
 * Data sources offline: aws.iam.getPolicyDocument computed as the Terraform AWS provider's
 * aws_iam_policy_document computes it (internal/service/iam/policy_model.go: Go's field order and omitempty,
 * set-valued lists reverse-sorted, one value as a string, `&{}` as `${}`, the id the CRC-32 of the JSON), getZone
 * by id consistent with the stack, records in the private zones it answered, an answers file, and empty results
 * with one warning for the rest.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { captureProgram } from "../../testing/mock-capture";
import { AnswersFileError, useAnswersFile, warnRecordsInPrivateZones } from "../../offline-engine/data-sources";
import { policyDocument } from "../../offline-engine/policy-document";
import { zoneIdFor } from "../../offline-engine/plausible-outputs";
import type { CapturedResource } from "../../state/captured-resource";
import { UNKNOWN } from "../../state/wire";

/** Runs `fn` with stderr captured; returns what was written. */
async function stderrOf(fn: () => Promise<unknown>): Promise<string> {
    const write = process.stderr.write.bind(process.stderr);
    let out = "";
    process.stderr.write = ((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
    }) as typeof process.stderr.write;
    try {
        await fn();
    } finally {
        process.stderr.write = write;
    }
    return out;
}

function outputOf(resources: CapturedResource[], name: string): unknown {
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return stack?.outputs[name];
}

describe("engine: data sources offline", () => {
    describe("aws.iam.getPolicyDocument", () => {
        it('builds the provider\'s JSON: field order, omitted empties, reverse-sorted sets, "*", ${} variables, CRC-32 id', () => {
            const result = policyDocument({
                statements: [
                    {
                        sid: "AllowSesPublish",
                        actions: ["SNS:GetTopicAttributes", "SNS:Publish"],
                        resources: ["arn:aws:sns:us-east-1:123456789012:bounces"],
                        principals: [{ type: "Service", identifiers: ["ses.amazonaws.com"] }],
                        conditions: [{ test: "StringEquals", variable: "AWS:SourceAccount", values: ["123456789012"] }],
                    },
                    { effect: "Deny", notActions: ["s3:*"], resources: ["arn:aws:s3:::b/&{aws:username}/*"], principals: [{ type: "*", identifiers: ["*"] }] },
                ],
            });
            const expected = [
                "{",
                '  "Version": "2012-10-17",',
                '  "Statement": [',
                "    {",
                '      "Sid": "AllowSesPublish",',
                '      "Effect": "Allow",',
                '      "Action": [',
                '        "SNS:Publish",',
                '        "SNS:GetTopicAttributes"',
                "      ],",
                '      "Resource": "arn:aws:sns:us-east-1:123456789012:bounces",',
                '      "Principal": {',
                '        "Service": "ses.amazonaws.com"',
                "      },",
                '      "Condition": {',
                '        "StringEquals": {',
                '          "AWS:SourceAccount": "123456789012"',
                "        }",
                "      }",
                "    },",
                "    {",
                '      "Effect": "Deny",',
                '      "NotAction": "s3:*",',
                '      "Resource": "arn:aws:s3:::b/${aws:username}/*",',
                '      "Principal": "*"',
                "    }",
                "  ]",
                "}",
            ].join("\n");
            assert.equal(result.json, expected);
            assert.equal(result.minifiedJson, JSON.stringify(JSON.parse(expected)));
            assert.equal(result.id, String(zlib.crc32(expected)));
        });

        it("merges source and override documents by Sid, and escapes HTML characters as Go does", () => {
            const source = JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "Keep", Effect: "Allow", Action: "ses:SendEmail", Resource: "*" },
                    { Sid: "Replace", Effect: "Allow", Action: "ses:*", Resource: "*" },
                ],
            });
            const override = JSON.stringify({ Statement: [{ Sid: "Replace", Effect: "Deny", Action: "ses:DeleteIdentity", Resource: "*" }] });
            const result = policyDocument({
                sourcePolicyDocuments: [source],
                overridePolicyDocuments: [override],
                statements: [
                    {
                        sid: "Own",
                        actions: ["ses:GetAccount"],
                        resources: ["*"],
                        conditions: [{ test: "StringLike", variable: "ses:FromAddress", values: ["<noreply>&*"] }],
                    },
                ],
            });
            const doc = JSON.parse(String(result.json)) as { Statement: { Sid: string; Effect: string }[] };
            assert.deepEqual(
                doc.Statement.map((s) => [s.Sid, s.Effect]),
                [
                    ["Keep", "Allow"],
                    ["Replace", "Deny"],
                    ["Own", "Allow"],
                ],
            );
            assert.match(String(result.json), /"ses:FromAddress": "\\u003cnoreply\\u003e\\u0026\*"/);
        });

        it("answers the program's call, so a policy built from it is known in preview", async () => {
            const resources = await captureProgram(
                () => {
                    const doc = aws.iam.getPolicyDocumentOutput({ statements: [{ actions: ["ses:SendRawEmail"], resources: ["*"] }] });
                    return { policy: doc.json };
                },
                { preview: true },
            );
            assert.equal(outputOf(resources, "policy"), policyDocument({ statements: [{ actions: ["ses:SendRawEmail"], resources: ["*"] }] }).json);
        });
    });

    describe("getZone", () => {
        it("by the id of a zone the stack declares returns that zone's name (update)", async () => {
            const resources = await captureProgram(
                () => {
                    const zone = new aws.route53.Zone("zone", { name: "mine.example" });
                    return { name: aws.route53.getZoneOutput({ zoneId: zone.zoneId }).name };
                },
                { preview: false },
            );
            assert.equal(outputOf(resources, "name"), "mine.example");
        });

        it("by an id nothing names: the name is unknown in preview, with a warning naming the id", async () => {
            let resources: CapturedResource[] = [];
            const stderr = await stderrOf(async () => {
                resources = await captureProgram(() => ({ name: aws.route53.getZoneOutput({ zoneId: "ZNOWHERE1" }).name }), { preview: true });
            });
            assert.equal(outputOf(resources, "name"), UNKNOWN);
            assert.match(stderr, /getZone\(\{ zoneId: "ZNOWHERE1" \}\): that zone is neither declared in the stack nor named in config/);
        });

        it("by name returns the id the stack's zone of that name gets", async () => {
            const resources = await captureProgram(() => ({ id: aws.route53.getZoneOutput({ name: "named.example." }).zoneId }), { preview: true });
            assert.equal(outputOf(resources, "id"), zoneIdFor("named.example"));
        });

        it("a private zone's records are warned about only in a stack with SES resources", async () => {
            const program = (ses: boolean) => () => {
                const zone = aws.route53.getZoneOutput({ name: "vpc-only.example", privateZone: true });
                new aws.route53.Record("svc", { zoneId: zone.zoneId, name: "svc.vpc-only.example", type: "CNAME", ttl: 60, records: ["lb.vpc-only.example"] });
                if (ses) new aws.sesv2.EmailIdentity("mail", { emailIdentity: "vpc-only.example" });
            };
            const without = await captureProgram(program(false), { preview: true });
            assert.equal(await stderrOf(async () => warnRecordsInPrivateZones(without)), "");
            const withSes = await captureProgram(program(true), { preview: true });
            assert.match(
                await stderrOf(async () => warnRecordsInPrivateZones(withSes)),
                /warning: Route 53 record 'svc' is in the private hosted zone vpc-only\.example \(Z[A-Z0-9]{20}\)/,
            );
        });
    });

    describe("the rest", () => {
        it("returns an empty result for an unanswered data source and warns once naming it", async () => {
            let resources: CapturedResource[] = [];
            const stderr = await stderrOf(async () => {
                resources = await captureProgram(
                    async () => {
                        const a = await aws.ec2.getVpc({ default: true });
                        const b = await aws.ec2.getVpc({ id: "vpc-1" });
                        return { a: a.cidrBlock ?? "none", b: b.cidrBlock ?? "none" };
                    },
                    { preview: true },
                );
            });
            assert.deepEqual([outputOf(resources, "a"), outputOf(resources, "b")], ["none", "none"]);
            assert.equal(stderr.match(/the program calls the data source 'aws:ec2\/getVpc:getVpc'/g)?.length, 1, stderr);
        });

        it("answers from the answers file, by token", async () => {
            const file = path.join(os.tmpdir(), `ses-guard-answers-${process.pid}.json`);
            fs.writeFileSync(file, JSON.stringify({ invokes: { "aws:ec2/getVpc:getVpc": { cidrBlock: "10.1.0.0/16" } } }));
            try {
                useAnswersFile(file);
                const resources = await captureProgram(async () => ({ cidr: (await aws.ec2.getVpc({})).cidrBlock }), { preview: true });
                assert.equal(outputOf(resources, "cidr"), "10.1.0.0/16");
            } finally {
                fs.writeFileSync(file, JSON.stringify({}));
                useAnswersFile(file);
                fs.rmSync(file, { force: true });
            }
        });

        it("rejects an answers file whose sections are not mappings of objects, naming the file", () => {
            const file = path.join(os.tmpdir(), `ses-guard-bad-answers-${process.pid}.json`);
            fs.writeFileSync(file, JSON.stringify({ invokes: { "aws:ec2/getVpc:getVpc": "10.0.0.0/16" } }));
            try {
                assert.throws(
                    () => useAnswersFile(file),
                    (err: unknown) =>
                        err instanceof AnswersFileError &&
                        err.message.includes(file) &&
                        /"invokes" must map each data source token to an object/.test(err.message),
                );
            } finally {
                fs.rmSync(file, { force: true });
            }
        });

        it("gives availability zones of the provider's region", async () => {
            const resources = await captureProgram(async () => ({ names: (await aws.getAvailabilityZones({})).names }), {
                preview: true,
                config: { "aws:region": "eu-west-3" },
            });
            assert.deepEqual(outputOf(resources, "names"), ["eu-west-3a", "eu-west-3b", "eu-west-3c"]);
        });
    });

    it("keeps a stack reference's outputs unknown in preview, warning once naming it", async () => {
        let resources: CapturedResource[] = [];
        const stderr = await stderrOf(async () => {
            resources = await captureProgram(() => ({ zone: new pulumi.StackReference("acme/mail/prod").getOutput("zoneId") }), { preview: true });
        });
        assert.equal(outputOf(resources, "zone"), UNKNOWN);
        assert.match(stderr, /the stack reference 'acme\/mail\/prod' cannot be read offline: its outputs are unknown/);
    });
});
