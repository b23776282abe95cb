process.stdout.write('portalctl\n');
