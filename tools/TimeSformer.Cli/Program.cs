using TimeSformer.Cli.Hosting;

// Before any verb loads libtorch: its OpenMP threads must sleep, not spin, when they wait (see OpenMpWaitPolicy).
OpenMpWaitPolicy.PreferPassive();
return CliApp.Run(args);
