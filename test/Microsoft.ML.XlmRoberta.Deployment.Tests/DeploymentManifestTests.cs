using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.ML.XlmRoberta.Cli;

namespace Microsoft.ML.XlmRoberta.Deployment.Tests;

/// <summary>
/// The deployment samples (samples/Deploy) are not run here (no container runtime, no cluster): every Kubernetes
/// document is loaded with the Kubernetes client's models in strict mode (an unknown or misspelled field fails) and
/// checked for what makes it work: kinds and API versions, selectors that match, probes on /health, the Service and
/// autoscaler aimed at the Deployment, the Indexed Job's index feeding <c>--shard I/N</c>, options that xlmr has, and
/// a Dockerfile that serves on the port the manifests use.
/// </summary>
[TestClass]
public sealed partial class DeploymentManifestTests
{
    private static readonly string Deploy = Path.Combine(RepoRoot(), "samples", "Deploy");

    [TestMethod]
    public void EveryManifestLoadsStrictlyAsTheExpectedKinds()
    {
        string[] files = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml");
        Assert.IsTrue(files.Length >= 2, "manifests found: " + string.Join(", ", files));
        var kinds = new List<string>();
        foreach (string file in files)
        {
            foreach (object document in KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true))
            {
                var typed = (IKubernetesObject<V1ObjectMeta>)document;
                Assert.IsFalse(string.IsNullOrEmpty(typed.Metadata?.Name), $"{file}: {typed.Kind} has a name");
                Assert.IsTrue(typed.Metadata!.Labels?.ContainsKey("app.kubernetes.io/name") == true, $"{file}: {typed.Kind} {typed.Metadata.Name} is labelled");
                kinds.Add($"{typed.ApiVersion}/{typed.Kind}");
            }
        }

        kinds.Sort(StringComparer.Ordinal);
        CollectionAssert.AreEqual(new[] { "apps/v1/Deployment", "autoscaling/v2/HorizontalPodAutoscaler", "batch/v1/Job", "v1/Service" }, kinds);
    }

    [TestMethod]
    public void StrictLoadingRejectsAMisspelledField()
    {
        string yaml = File.ReadAllText(Path.Combine(Deploy, "k8s", "serve.yaml")).Replace("readinessProbe:", "readynessProbe:", StringComparison.Ordinal);
        Assert.ThrowsExactly<YamlDotNet.Core.YamlException>(() => KubernetesYaml.LoadAllFromString(yaml, strict: true));
    }

    [TestMethod]
    public void ServeDeploymentServiceAndAutoscalerFitTogether()
    {
        List<object> documents = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Deploy, "k8s", "serve.yaml")), strict: true);
        V1Deployment deployment = documents.OfType<V1Deployment>().Single();
        V1Service service = documents.OfType<V1Service>().Single();
        V2HorizontalPodAutoscaler autoscaler = documents.OfType<V2HorizontalPodAutoscaler>().Single();

        IDictionary<string, string> podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.IsTrue(Matches(deployment.Spec.Selector.MatchLabels, podLabels), "the Deployment's selector matches its pods");
        Assert.IsTrue(Matches(service.Spec.Selector, podLabels), "the Service selects the Deployment's pods");

        V1Container container = deployment.Spec.Template.Spec.Containers.Single();
        Assert.IsFalse(string.IsNullOrWhiteSpace(container.Image), "an image");
        CollectionAssert.AreEqual(new[] { "serve", "--model", "/models/model", "--host", "0.0.0.0", "--port", "8080" }, container.Args.ToArray(), "xlmr serve on all interfaces, port 8080");
        V1ContainerPort port = container.Ports.Single();
        Assert.AreEqual(8080, port.ContainerPort);
        foreach ((string name, V1Probe probe) in new[] { ("startup", container.StartupProbe), ("readiness", container.ReadinessProbe), ("liveness", container.LivenessProbe) })
        {
            Assert.IsNotNull(probe, $"a {name} probe");
            Assert.AreEqual("/health", probe.HttpGet?.Path, $"the {name} probe asks GET /health");
            Assert.IsTrue(PortIs(probe.HttpGet!.Port, port), $"the {name} probe asks the server's port");
        }

        Assert.IsTrue(container.Resources?.Requests?.ContainsKey("cpu") == true, "a CPU request (the autoscaler's utilization is relative to it)");
        Assert.AreEqual("/metrics", deployment.Spec.Template.Metadata.Annotations["prometheus.io/path"]);
        AssertMountsExist(deployment.Spec.Template.Spec, container);
        Assert.IsTrue(container.VolumeMounts.Any(m => m.MountPath == "/models" && m.ReadOnlyProperty == true), "the model folder is mounted read-only under /models");

        V1ServicePort servicePort = service.Spec.Ports.Single();
        Assert.IsTrue(PortIs(servicePort.TargetPort, port), "the Service forwards to the server's port");

        Assert.AreEqual("Deployment", autoscaler.Spec.ScaleTargetRef.Kind);
        Assert.AreEqual("apps/v1", autoscaler.Spec.ScaleTargetRef.ApiVersion);
        Assert.AreEqual(deployment.Metadata.Name, autoscaler.Spec.ScaleTargetRef.Name, "the autoscaler scales this Deployment");
        Assert.IsTrue(autoscaler.Spec.MinReplicas is >= 1 && autoscaler.Spec.MinReplicas <= autoscaler.Spec.MaxReplicas, "1 <= min <= max replicas");
        Assert.IsTrue(autoscaler.Spec.Metrics.Any(m => m.Resource?.Name == "cpu" && m.Resource.Target.AverageUtilization is > 0 and <= 100), "scales on CPU utilization");
    }

    [TestMethod]
    public void IndexedJobFeedsItsCompletionIndexToShard()
    {
        V1Job job = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Deploy, "k8s", "embed-job.yaml")), strict: true).OfType<V1Job>().Single();
        Assert.AreEqual("Indexed", job.Spec.CompletionMode);
        int shards = job.Spec.Completions ?? 0;
        Assert.IsTrue(shards >= 2, "several shards");
        Assert.IsTrue(job.Spec.Parallelism is >= 1 && job.Spec.Parallelism <= shards, "parallelism within the completions");
        Assert.IsTrue(job.Spec.Template.Spec.RestartPolicy is "Never" or "OnFailure", "a Job's pods have restartPolicy Never or OnFailure");
        if (job.Spec.PodFailurePolicy is not null)
        {
            Assert.AreEqual("Never", job.Spec.Template.Spec.RestartPolicy, "a pod failure policy needs restartPolicy Never");
        }

        if (job.Spec.BackoffLimitPerIndex is not null)
        {
            Assert.AreEqual("Indexed", job.Spec.CompletionMode, "backoffLimitPerIndex needs an Indexed Job");
        }

        Assert.IsTrue(Matches(job.Spec.Template.Metadata.Labels, job.Metadata.Labels), "the pods carry the Job's labels");
        V1Container container = job.Spec.Template.Spec.Containers.Single();
        Assert.IsTrue(job.Spec.PodFailurePolicy?.Rules.All(r => r.OnExitCodes is null || r.OnExitCodes.ContainerName == container.Name) != false, "the failure policy names the container");
        V1EnvVar index = container.Env.Single(e => e.Name == "JOB_COMPLETION_INDEX");
        Assert.AreEqual("metadata.annotations['batch.kubernetes.io/job-completion-index']", index.ValueFrom.FieldRef.FieldPath);
        AssertMountsExist(job.Spec.Template.Spec, container);

        string command = string.Join(' ', (container.Command ?? []).Concat(container.Args ?? []));
        Match shard = ShardArgument().Match(command);
        Assert.IsTrue(shard.Success, "--shard ${JOB_COMPLETION_INDEX}/N in: " + command);
        Assert.AreEqual(shards, int.Parse(shard.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), "N is the number of completions");
        StringAssert.Contains(command, "JOB_COMPLETION_INDEX}\").parquet", "each shard writes its own Parquet part");
        StringAssert.Contains(command, "--resume", "a retried pod resumes its shard");

        // Every option the job passes is an option of `xlmr embed`.
        string help = Help("embed");
        MatchCollection options = OptionName().Matches(command[command.IndexOf(" embed ", StringComparison.Ordinal)..]);
        Assert.IsTrue(options.Count >= 5, "the job's xlmr options: " + command);
        foreach (Match option in options)
        {
            StringAssert.Contains(help, option.Value + " ", $"xlmr embed has {option.Value}");
        }
    }

    [TestMethod]
    public void DockerfileServesThePortTheManifestsUse()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile"));
        string[] from = [.. lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))];
        Assert.IsTrue(from.Length >= 2 && from[0].Contains("mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal), "builds with the .NET 10 SDK");
        StringAssert.Contains(from[^1], "mcr.microsoft.com/dotnet/aspnet:10.0", "runs on the ASP.NET Core runtime (Kestrel)");
        string publish = string.Join(' ', lines.SkipWhile(l => !l.Contains("dotnet publish", StringComparison.Ordinal)).Take(2));
        Match project = Regex.Match(publish, @"dotnet publish (\S+\.csproj)");
        Assert.IsTrue(project.Success && File.Exists(Path.Combine(RepoRoot(), project.Groups[1].Value)), "publishes a project of this repository: " + publish);
        Assert.IsTrue(lines.Contains("EXPOSE 8080"), "exposes 8080");
        Assert.IsTrue(lines.Contains("ENTRYPOINT [\"dotnet\", \"/app/xlmr.dll\"]"), "the entry point is xlmr (the Job's command runs the same file)");
        Assert.IsTrue(lines.Contains("CMD [\"serve\", \"--model\", \"/models/model\", \"--host\", \"0.0.0.0\", \"--port\", \"8080\"]"), "serves by default, as the Deployment does");
        Assert.IsTrue(lines.Any(l => l.StartsWith("USER ", StringComparison.Ordinal)), "runs unprivileged (the manifests ask runAsNonRoot)");
    }

    [TestMethod]
    public void TheGuideSaysTheSamplesAreNotRunHere()
    {
        string guide = File.ReadAllText(Path.Combine(Deploy, "README.md"));
        StringAssert.Contains(guide, "not run here");
        foreach (string file in new[] { "Dockerfile", "k8s/serve.yaml", "k8s/embed-job.yaml" })
        {
            StringAssert.Contains(guide, file, "the guide names " + file);
        }
    }

    private static bool Matches(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(p => labels.TryGetValue(p.Key, out string? value) && value == p.Value);

    private static bool PortIs(IntOrString port, V1ContainerPort container) =>
        port.Value == container.Name || port.Value == container.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertMountsExist(V1PodSpec pod, V1Container container)
    {
        foreach (V1VolumeMount mount in container.VolumeMounts)
        {
            Assert.IsTrue(pod.Volumes.Any(v => v.Name == mount.Name), $"volume {mount.Name} is declared");
        }
    }

    private static string Help(string command)
    {
        var stdout = new MemoryStream();
        var context = new CliContext { StandardInput = TextReader.Null, StandardOutput = stdout, StandardError = new StringWriter() };
        Assert.AreEqual(0, XlmrApp.Run([command, "--help"], context));
        return Encoding.UTF8.GetString(stdout.ToArray());
    }

    private static string RepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Microsoft.ML.XlmRoberta.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("the repository root (Microsoft.ML.XlmRoberta.sln) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"--shard \$\{JOB_COMPLETION_INDEX\}/(?<n>\d+)")]
    private static partial Regex ShardArgument();

    [GeneratedRegex(@"(?<=\s)--[a-z][a-z-]*")]
    private static partial Regex OptionName();
}
