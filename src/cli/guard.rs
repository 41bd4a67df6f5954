//! Refusing to write a command's output over one of its inputs.

use std::path::PathBuf;

use anyhow::{bail, Result};
use turnscope::input::FileId;

/// Fails (exit code 2, before anything is read or written) when `output` is one of
/// `files` (or standard input, for `-` or no files), whether named as it is or reached
/// through a symbolic link, a hard link or a redirection of standard input. Writing would
/// otherwise truncate the transcript before it is read.
pub fn refuse_output_over_inputs(files: &[PathBuf], output: Option<&PathBuf>) -> Result<()> {
    let Some(output) = output else {
        return Ok(());
    };
    let Some(out_id) = FileId::of(output) else {
        return Ok(());
    };
    let stdin = PathBuf::from("-");
    let inputs = if files.is_empty() {
        std::slice::from_ref(&stdin)
    } else {
        files
    };
    for input in inputs {
        let (id, name) = if *input == stdin {
            (FileId::of_stdin(), "standard input".to_string())
        } else {
            (FileId::of(input), format!("the input {}", input.display()))
        };
        if id.as_ref() == Some(&out_id) {
            bail!(
                "refusing to run: -o {} is {name}, which writing would destroy",
                output.display()
            );
        }
    }
    Ok(())
}
