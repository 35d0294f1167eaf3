using TimeSformer.Cli.Hosting;

return CliApp.Run(args);
