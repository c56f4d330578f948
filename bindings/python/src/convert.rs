//! JSON values between Python and Rust: dicts, lists and scalars the caller passes become
//! `serde_json::Value`s for the core (which validates them), and the core's serialized results
//! become plain Python objects. (`pythonize` tracks pyo3 0.29, so this small converter stands in.)

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// `value` as a Python object: objects become dicts (in the JSON's order), arrays lists.
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number_to_py(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn number_to_py<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        Ok(i.into_pyobject(py)?.into_any())
    } else if let Some(u) = n.as_u64() {
        Ok(u.into_pyobject(py)?.into_any())
    } else {
        // Without serde_json's arbitrary precision every other number is an f64.
        Ok(PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any())
    }
}

/// A Python object given for JSON (`field` names it in errors, such as `interactive`) as a
/// `Value`. Accepts dicts with string keys, lists, tuples, strings, bools, ints, finite floats
/// and `None`; anything else is refused with the path of the offending item
/// (`interactive.action.buttons[0]`).
pub(crate) fn from_py(obj: &Bound<'_, PyAny>, field: &str) -> Result<Value, botika::Error> {
    let mut path = field.to_owned();
    from_py_at(obj, &mut path)
}

fn from_py_at(obj: &Bound<'_, PyAny>, path: &mut String) -> Result<Value, botika::Error> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool is a subclass of int in Python: test it first.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(int) = obj.cast::<PyInt>() {
        if let Ok(i) = int.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = int.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(invalid(
            path,
            "is an integer too large for JSON (at most 64 bits)",
        ));
    }
    if let Ok(float) = obj.cast::<PyFloat>() {
        return Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| {
                invalid(
                    path,
                    "must be a finite number (NaN and infinity are not JSON)",
                )
            });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_str()
            .map(|s| Value::String(s.to_owned()))
            .map_err(|_| invalid(path, "is not valid UTF-8 text"));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>().map(|k| k.to_string()) else {
                let shown = key.repr().map(|r| r.to_string()).unwrap_or_default();
                return Err(invalid(
                    path,
                    &format!("has the key {shown}; JSON object keys must be strings"),
                ));
            };
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let value = from_py_at(&item, path)?;
            path.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    let items = if let Ok(list) = obj.cast::<PyList>() {
        list.iter().collect::<Vec<_>>()
    } else if let Ok(tuple) = obj.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        return Err(invalid(
            path,
            &format!("must be a dict, list, str, int, float, bool or None (got {type_name})"),
        ));
    };
    let mut array = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let len = path.len();
        path.push_str(&format!("[{index}]"));
        array.push(from_py_at(item, path)?);
        path.truncate(len);
    }
    Ok(Value::Array(array))
}

fn invalid(path: &str, rule: &str) -> botika::Error {
    let field = if path.is_empty() { "." } else { path };
    botika::Error::invalid_argument(field, rule)
}

/// A dict of names to strings (headers) as pairs; `field` names it in errors.
pub(crate) fn string_pairs(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> Result<Vec<(String, String)>, botika::Error> {
    pairs(obj, field, |value, path| {
        value
            .extract::<String>()
            .map(|s| vec![s])
            .map_err(|_| invalid(path, "must be a str"))
    })
}

/// Query parameters: a dict of names to a str or int, or a list of them to repeat the name.
pub(crate) fn query_pairs(
    obj: Option<&Bound<'_, PyAny>>,
) -> Result<Vec<(String, String)>, botika::Error> {
    let scalar = |value: &Bound<'_, PyAny>, path: &str| {
        if value.cast::<PyBool>().is_ok() {
            return Err(invalid(path, "must be a str or int, not a bool"));
        }
        if let Ok(s) = value.extract::<String>() {
            return Ok(s);
        }
        if let Ok(i) = value.cast::<PyInt>() {
            return Ok(i.to_string());
        }
        Err(invalid(path, "must be a str or int, or a list of them"))
    };
    pairs(obj, "query", |value, path| {
        if let Ok(list) = value.cast::<PyList>() {
            return list
                .iter()
                .enumerate()
                .map(|(i, item)| scalar(&item, &format!("{path}[{i}]")))
                .collect();
        }
        if let Ok(tuple) = value.cast::<PyTuple>() {
            return tuple
                .iter()
                .enumerate()
                .map(|(i, item)| scalar(&item, &format!("{path}[{i}]")))
                .collect();
        }
        scalar(value, path).map(|s| vec![s])
    })
}

/// The items of a dict with string keys, each value read by `values` (one or more strings).
fn pairs<F>(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
    values: F,
) -> Result<Vec<(String, String)>, botika::Error>
where
    F: Fn(&Bound<'_, PyAny>, &str) -> Result<Vec<String>, botika::Error>,
{
    let Some(obj) = obj.filter(|obj| !obj.is_none()) else {
        return Ok(Vec::new());
    };
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| invalid(field, "must be a dict"))?;
    let mut pairs = Vec::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        let key: String = key
            .extract()
            .map_err(|_| invalid(field, "must have str keys"))?;
        for value in values(&value, &format!("{field}.{key}"))? {
            pairs.push((key.clone(), value));
        }
    }
    Ok(pairs)
}
