console.log('tinyml: not yet built');
