using System.CommandLine;

var root = new RootCommand("TimeSformer.MLNet: video action recognition for .NET.");
return root.Parse(args).Invoke();
