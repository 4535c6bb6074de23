package dev.scalelab.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab completion}: prints the shell completion script picocli generates from the command tree, for bash
 * and for zsh (through zsh's bashcompinit). Install: {@code source <(scalelab completion)} in ~/.bashrc, or in
 * ~/.zshrc after {@code autoload -U +X compinit && compinit && autoload -U +X bashcompinit && bashcompinit}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for scalelab on stdout.",
            "bash: source <(./scalelab completion)   (or add that line to ~/.bashrc)",
            "zsh:  autoload -U +X compinit && compinit && autoload -U +X bashcompinit && bashcompinit; "
                + "source <(./scalelab completion)"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
