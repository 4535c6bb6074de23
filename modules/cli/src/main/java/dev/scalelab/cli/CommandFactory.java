package dev.scalelab.cli;

import dev.scalelab.core.plot.Plotter;
import picocli.CommandLine;

/** Creates the commands, handing the plotter to those that draw (a constructor taking a {@link Plotter}). */
final class CommandFactory implements CommandLine.IFactory {
    private final Plotter plotter;

    CommandFactory(Plotter plotter) {
        this.plotter = plotter;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            return cls.getDeclaredConstructor(Plotter.class).newInstance(plotter);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
