-- webhook used by the alerting procedure
SELECT notify('{{!slack-webhook:pt-24}}');  #!flag:AG101
SELECT md5('d41d8cd98f00b204e9800998ecf8427e');  #!clean
