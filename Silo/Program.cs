Console.WriteLine("FinAegis silo: not wired yet");
