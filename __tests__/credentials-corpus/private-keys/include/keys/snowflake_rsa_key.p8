{{!pem:pk-1}}  #!flag:AG209
