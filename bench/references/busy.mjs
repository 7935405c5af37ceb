// Keeps one core busy until killed (the "both cores busy" start-up measurement).
for (;;);
